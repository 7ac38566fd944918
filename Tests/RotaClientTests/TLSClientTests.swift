import Foundation
@testable import RotaClient
import RotaModel
import RotaTestSupport
import Testing

@Suite("Clients of a core that serves TLS")
struct TLSClientTests {
    @Test func actorPerformsActionsOverWSS() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, configure: { _ in }) { core in
            try await Self.runWorkflow(on: core, connection: core.connection)
        }
    }

    @Test func actorWithAClientCertificatePerformsActionsWhenTheCoreRequiresOne() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            try await Self.runWorkflow(on: core, connection: core.connection)
        }
    }

    @Test func eventsFollowTheBusOverWSS() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core in
            let api = CoreAPI(connection: core.connection)
            var events = api.events(show: ["over_tls"]).makeAsyncIterator()
            let received = try await api.emitting("over_tls") { try await events.next() }
            #expect(received?.messageType == "over_tls")
        }
    }

    @Test func certificateOfAnotherAuthorityIsRefusedNamingTheTrustedFile() async throws {
        let certificates = try TestCertificates.make()
        let message = try await Self.refusal(of: certificates, serving: certificates.otherAuthorityServer)
        #expect(message.contains("the core's certificate at https://localhost:"))
        #expect(message.contains("is not trusted: it is not signed by a CA in \(certificates.authority) (or the system's); pass --ca-cert"))
    }

    @Test func certificateNobodyTrustedIsRefusedAskingForACA() async throws {
        let certificates = try TestCertificates.make()
        let message = try await Self.refusal(of: certificates, serving: certificates.server, trusting: ClientTLS())
        #expect(message.contains("is not signed by a CA the system trusts; pass --ca-cert"))
    }

    @Test func expiredCertificateIsRefusedWithItsDate() async throws {
        let certificates = try TestCertificates.make()
        let message = try await Self.refusal(of: certificates, serving: certificates.expiredServer)
        #expect(message.contains("is not trusted: it expired on 20"))
    }

    @Test func certificateForAnotherHostIsRefusedNamingBoth() async throws {
        let certificates = try TestCertificates.make()
        let message = try await Self.refusal(of: certificates, serving: certificates.wrongHostServer)
        #expect(message.contains("is not trusted: it is for other.example, not localhost"))
    }

    @Test func coreThatAsksForACertificateTellsAClientWithoutOne() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            let anonymous = core.connection(tls: ClientTLS(certificateAuthorityPath: certificates.authority))
            let message = try await Self.failure { try await CoreAPI(connection: anonymous).get("/system/ping") }
            #expect(message.contains("asks for a client certificate: pass --cert and --cert-key"))
        }
    }

    @Test func clientCertificateOfAnotherAuthorityIsRefusedSayingWhy() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            let intruder = core.connection(tls: certificates.intruderTLS)
            let message = try await Self.failure { try await CoreAPI(connection: intruder).get("/system/ping") }
            #expect(message.contains("did not accept the client certificate \(certificates.otherAuthorityClient.certificate)"))
            #expect(message.contains("not signed by an authority the core trusts"))
        }
    }

    @Test func httpsToAPlainCoreSaysItDoesNotSpeakTLS() async throws {
        try await TestCore.with { core in
            let wrong = CoreConnection(url: URL(string: "https://localhost:\(core.port)")!)
            // Now and then, in a busy full run, the handshake neither fails nor ends and the
            // request times out instead (the cause is not known yet); each try has 10 s, and one
            // of three must give the diagnosis.
            var messages: [String] = []
            for _ in 0..<3 {
                let message = try await Self.failure { try await CoreAPI(connection: wrong, timeout: .seconds(10)).get("/system/ping") }
                messages.append(message)
                if !message.contains("connection timed out") { break }
            }
            #expect(messages.last?.contains("does not speak TLS; if it serves plain HTTP, write its URL with http://") == true, "\(messages)")
        }
    }

    @Test func webSocketOverTLSToAnAddressAsksForTheHostName() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core in
            let byAddress = CoreConnection(
                url: URL(string: "https://127.0.0.1:\(core.port)")!, tls: ClientTLS(certificateAuthorityPath: certificates.authority))
            let api = CoreAPI(connection: byAddress)
            let answer = try await api.get("/system/ping")
            #expect(answer == .string("pong"))
            let message = try await Self.failure { try await api.emit(Event(messageType: "by_address")) }
            #expect(message.contains("needs the core's host name, not an IP address"))
        }
    }

    @Test func actorRefusedForAnUntrustedCertificateStopsWithTheReason() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, certificate: certificates.expiredServer) { core in
            let actor = RotaActor(id: "worker", connection: core.connection, logger: testLogger("rota.test.actor"))
            actor.on("collect") { _ in }
            let message = try await Self.failure { try await actor.run() }
            #expect(message.contains("expired on"))
        }
    }

    @Test func unreadableCertificateAuthorityFileIsNamed() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("rota-absent-\(UUID().uuidString).pem").path
        let connection = CoreConnection(url: URL(string: "https://localhost:1")!, tls: ClientTLS(certificateAuthorityPath: missing))
        let message = try await Self.failure { try await CoreAPI(connection: connection).get("/system/ping") }
        #expect(message == "the certificate authority file (--ca-cert) \(missing) cannot be read: no such file")
    }

    @Test func certificateWithoutItsKeyIsRefused() throws {
        let certificates = try TestCertificates.make()
        #expect(throws: ClientTLSError.self) { try ClientTLS(certificatePath: certificates.client.certificate).configuration() }
        #expect(throws: ClientTLSError.self) { try ClientTLS(keyPath: certificates.client.key).configuration() }
        _ = try ClientTLS(certificatePath: certificates.client.certificate, keyPath: certificates.client.key).configuration()
    }

    @Test(arguments: [
        ("error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED", TLSFailure.certificateNotVerified),
        ("certificate has expired", .certificateNotVerified),
        ("Hostname mismatch", .certificateNotVerified),
        ("error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER", .notTLS),
        ("error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED", .clientCertificateRequired),
        ("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA",
         .clientCertificateRefused(alert: "it is not signed by an authority the core trusts (tls_client_ca)")),
        ("error:10000415:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_EXPIRED", .clientCertificateRefused(alert: "it has expired")),
        ("error:something else", .other("error:something else")),
    ])
    func reasonTextsAreReadAsTheFailureTheySay(text: String, failure: TLSFailure) {
        #expect(TLSFailure(reasonText: text) == failure)
    }

    /// Starts a run of a one-step `collect` workflow and waits until an actor connected with
    /// `connection` has performed it.
    static func runWorkflow(on core: TestCore, connection: CoreConnection) async throws {
        let actor = RotaActor(id: "tls-worker", connection: connection, logger: testLogger("rota.test.actor"))
        let performed = Recorder<String>()
        actor.on("collect") { context in performed.record(context.messageType) }
        try await withRunning(actor) {
            _ = try await core.core.start("collect", reason: "test")
            try await eventually("the actor performs collect") { performed.all.contains("collect") }
        }
    }

    /// The message of the error `body` throws.
    static func failure(_ body: () async throws -> Void) async throws -> String {
        do {
            try await body()
        } catch {
            return "\(error)"
        }
        throw TestFailure("it succeeded")
    }

    /// What a client trusting `trusting` (by default the test authority) is told by a core serving `certificate`.
    static func refusal(
        of certificates: TestCertificates, serving certificate: TestCertificates.Pair, trusting: ClientTLS? = nil
    ) async throws -> String {
        try await TestCore.withTLS(certificates, certificate: certificate) { core in
            let connection = core.connection(tls: trusting ?? ClientTLS(certificateAuthorityPath: certificates.authority))
            return try await failure { try await CoreAPI(connection: connection).get("/system/ping") }
        }
    }
}
