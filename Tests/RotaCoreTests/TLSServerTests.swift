import Foundation
import Logging
import RotaClient
import RotaCore
import RotaModel
import RotaTestSupport
import Synchronization
import Testing

@Suite("A core that serves TLS")
struct TLSServerTests {
    @Test func servesRESTOverTLS() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core in
            #expect(core.baseURL.hasPrefix("https://"))
            let answer = try await CoreAPI(connection: core.connection).get("/system/ping")
            #expect(answer == .string("pong"))
        }
    }

    @Test func servesWebSocketsOverTLS() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core in
            let api = CoreAPI(connection: core.connection)
            var events = api.events(show: ["tls_test"]).makeAsyncIterator()
            try await Self.emitUntilSeen("tls_test", by: api, in: &events)
        }
    }

    @Test func plainHTTPToTheTLSPortIsClosedAtOnce() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, configure: { $0.idleTimeout = 600 }) { core in
            let plain = try RawConnection(port: core.port)
            try plain.send("GET /system/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(await plain.closesWithin(20))
            let answer = try await CoreAPI(connection: core.connection).get("/system/ping")
            #expect(answer == .string("pong"))
        }
    }

    @Test func plainHTTPClientIsToldTheCoreSpeaksTLS() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, configure: { $0.idleTimeout = 600 }) { core in
            let plain = CoreConnection(url: URL(string: "http://127.0.0.1:\(core.port)")!)
            do {
                _ = try await CoreAPI(connection: plain).get("/system/ping")
                Issue.record("a plain HTTP request to a TLS core was answered")
            } catch let error as CoreAPIError {
                #expect(error.description.hasPrefix("the core at http://127.0.0.1:\(core.port) serves HTTPS: write its URL with https://"))
            }
        }
    }

    @Test func connectionThatNeverHandshakesIsClosedByTheIdleTimeout() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, configure: { $0.idleTimeout = 0.3 }) { core in
            let silent = try RawConnection(port: core.port)
            #expect(await silent.closesWithin(20))
        }
    }

    @Test func connectionBeyondTheCapIsClosedOverTLSToo() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(
            certificates,
            configure: { settings in
                settings.maxConnections = 1
                settings.idleTimeout = 600
            }
        ) { core in
            let first = try RawConnection(port: core.port)
            // Time for the core to take the first connection before the second arrives; a
            // connection that has not finished its TLS handshake shows nothing that says when.
            try await Task.pause(for: .milliseconds(200))
            let second = try RawConnection(port: core.port)
            #expect(await second.closesWithin(20))
            first.reset()
        }
    }

    @Test func missingCertificateFileRefusesTheStartNamingIt() async throws {
        let certificates = try TestCertificates.make()
        let missing = certificates.directory.appendingPathComponent("absent.pem").path
        let message = try await Self.refusal { settings in
            settings.tlsCertificatePath = missing
            settings.tlsKeyPath = certificates.server.key
        }
        #expect(message.contains(missing))
        #expect(message.contains("no such file"))
    }

    @Test func fileThatIsNotACertificateRefusesTheStart() async throws {
        let certificates = try TestCertificates.make()
        let message = try await Self.refusal { settings in
            settings.tlsCertificatePath = certificates.server.key
            settings.tlsKeyPath = certificates.server.key
        }
        #expect(message.contains(certificates.server.key))
        #expect(message.contains("is not a PEM certificate file"))
    }

    @Test func keyOfAnotherCertificateRefusesTheStart() async throws {
        let certificates = try TestCertificates.make()
        let message = try await Self.refusal { settings in
            settings.tlsCertificatePath = certificates.server.certificate
            settings.tlsKeyPath = certificates.secondServer.key
        }
        #expect(message.contains(certificates.secondServer.key))
        #expect(message.contains("is not the key of the certificate"))
    }

    @Test func unreadableClientAuthorityRefusesTheStart() async throws {
        let certificates = try TestCertificates.make()
        let missing = certificates.directory.appendingPathComponent("no-ca.pem").path
        let message = try await Self.refusal { settings in
            settings.tlsCertificatePath = certificates.server.certificate
            settings.tlsKeyPath = certificates.server.key
            settings.tlsClientCAPath = missing
        }
        #expect(message.contains("tls_client_ca"))
        #expect(message.contains(missing))
    }

    @Test func mutualTLSServesAClientWithACertificateOfTheAuthority() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            let answer = try await CoreAPI(connection: core.connection).get("/system/ping")
            #expect(answer == .string("pong"))
        }
    }

    @Test func mutualTLSRefusesAClientWithoutCertificate() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            let anonymous = core.connection(tls: ClientTLS(certificateAuthorityPath: certificates.authority))
            await #expect(throws: CoreAPIError.self) { try await CoreAPI(connection: anonymous).get("/system/ping") }
        }
    }

    @Test func mutualTLSRefusesACertificateOfAnotherAuthority() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            let intruder = core.connection(tls: certificates.intruderTLS)
            await #expect(throws: CoreAPIError.self) { try await CoreAPI(connection: intruder).get("/system/ping") }
        }
    }

    @Test func reloadServesTheNewCertificateAndKeepsOpenConnections() async throws {
        let certificates = try TestCertificates.make()
        let served = try certificates.servedCopy(of: certificates.server)
        try await TestCore.withTLS(certificates, certificate: served) { core in
            let api = CoreAPI(connection: core.connection)
            var events = api.events(show: ["before_reload", "after_reload"]).makeAsyncIterator()
            try await Self.emitUntilSeen("before_reload", by: api, in: &events)

            try certificates.otherAuthorityServer.copy(to: served)
            try await core.core.reloadCertificates()

            let emitter = CoreAPI(connection: core.connection(tls: ClientTLS(certificateAuthorityPath: try Self.bothAuthorities(certificates))))
            try await emitter.emit(Event(messageType: "after_reload"))
            while let event = try await events.next(), event.messageType != "after_reload" {}
            let trustingOther = core.connection(tls: ClientTLS(certificateAuthorityPath: certificates.otherAuthority))
            #expect(try await CoreAPI(connection: trustingOther).get("/system/ping") == .string("pong"))
            let trustingFirst = core.connection(tls: ClientTLS(certificateAuthorityPath: certificates.authority))
            await #expect(throws: CoreAPIError.self) { try await CoreAPI(connection: trustingFirst).get("/system/ping") }
        }
    }

    @Test func actorConnectedBeforeAReloadGoesOnAnsweringOnItsConnection() async throws {
        let certificates = try TestCertificates.make()
        let served = try certificates.servedCopy(of: certificates.server)
        try await TestCore.withTLS(certificates, certificate: served) { core in
            let actor = RotaActor(id: "steady", connection: core.connection, logger: testLogger("rota.test.actor"))
            let performed = Mutex(0)
            actor.on("collect") { _ in performed.withLock { $0 += 1 } }
            try await withRunning(actor, ready: { await actor.waitUntilConnected() }) {
                try certificates.otherAuthorityServer.copy(to: served)
                try await core.core.reloadCertificates()

                guard case .started(let taskId) = try await core.core.start("collect", reason: "after the reload") else {
                    throw TestFailure("collect did not start")
                }
                let bothAuthorities = try Self.bothAuthorities(certificates)
                let client = CoreClient(port: core.port, tls: try ClientTLS(certificateAuthorityPath: bothAuthorities).configuration())
                let run = try await client.finishedRun("\(taskId)", within: 60)
                #expect(run["success"] == true)
                #expect(performed.withLock { $0 } == 1)
                #expect(actor.state == .connected)
            }
        }
    }

    @Test func reloadOfABadFileKeepsServingTheCertificateItHad() async throws {
        let certificates = try TestCertificates.make()
        let served = try certificates.servedCopy(of: certificates.server)
        try await TestCore.withTLS(certificates, certificate: served) { core in
            try "not a certificate".write(toFile: served.certificate, atomically: true, encoding: .utf8)
            do {
                try await core.core.reloadCertificates()
                Issue.record("a reload of a broken certificate file succeeded")
            } catch let error as ConfigurationError {
                #expect(error.message.contains(served.certificate))
            }
            let fresh = CoreAPI(connection: core.connection(tls: ClientTLS(certificateAuthorityPath: certificates.authority)))
            #expect(try await fresh.get("/system/ping") == .string("pong"))
        }
    }

    @Test func expiredCertificateIsWarnedAboutAtStartAndAfterAReload() async throws {
        let certificates = try TestCertificates.make()
        let served = try certificates.servedCopy(of: certificates.expiredServer)
        let log = LogRecorder()
        var settings = CoreSettings()
        settings.port = 0
        settings.databasePath = certificates.directory.appendingPathComponent("rota.db").path
        settings.tlsCertificatePath = served.certificate
        settings.tlsKeyPath = served.key
        let core = try await Core.open(settings: settings, logger: log.logger())
        let warnings = { log.lines(at: .warning).filter { $0.contains("the TLS certificate \(served.certificate) expired on") } }
        #expect(warnings().count == 1)
        try certificates.server.copy(to: served)
        try await core.reloadCertificates()
        #expect(warnings().count == 1)
        try certificates.expiredServer.copy(to: served)
        try await core.reloadCertificates()
        #expect(warnings().count == 2)
    }

    /// Emits `messageType` events until one arrives through `events`: the events WebSocket
    /// may not listen yet when the first is emitted.
    static func emitUntilSeen(
        _ messageType: String, by api: CoreAPI, in events: inout AsyncThrowingStream<Message, any Error>.AsyncIterator
    ) async throws {
        let received = try await api.emitting(messageType) { try await events.next() }
        #expect(received?.messageType == messageType)
    }

    /// The message with which a core with these settings refuses to open.
    static func refusal(_ configure: (inout CoreSettings) -> Void) async throws -> String {
        var settings = CoreSettings()
        settings.port = 0
        settings.databasePath = FileManager.default.temporaryDirectory.appendingPathComponent("rota-tls-\(UUID().uuidString).db").path
        configure(&settings)
        do {
            _ = try await Core.open(settings: settings, logger: Logger(label: "rota.test", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch let error as ConfigurationError {
            return error.message
        }
        throw TestFailure("the core opened")
    }

    /// A file that holds both test authorities, for a client that trusts the core before and after a reload.
    static func bothAuthorities(_ certificates: TestCertificates) throws -> String {
        let path = certificates.directory.appendingPathComponent("both-ca.pem").path
        let authorities = try [certificates.authority, certificates.otherAuthority].map { try String(contentsOfFile: $0, encoding: .utf8) }
        try authorities.joined().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
