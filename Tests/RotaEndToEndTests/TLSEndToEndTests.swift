import ArgumentParser
import Foundation
import RotaSpawn
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCLI

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The shipped commands over TLS, as a user runs them: `rota core` serving HTTPS and reloading its
/// certificate on SIGHUP, `rota worker` running collect_and_cleanup over WSS, and `rota up` with
/// a certificate.
@Suite("The commands over TLS", .serialized)
struct TLSEndToEndTests {
    @Test func workerCommandRunsCollectAndCleanupOverMutualTLS() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            try await BackgroundProcess.with(
                try RotaProcess.executable,
                [
                    "worker", "--core", "https://localhost:\(core.port)", "--ca-cert", certificates.authority, "--cert",
                    certificates.client.certificate, "--cert-key", certificates.client.key, "--collector", "example", "--id", "tls-worker",
                ]
            ) { worker in
                try await eventually("the worker connects", within: 60) { worker.output.contains("connected to the core at https://localhost") }
                let taskId = try await core.run("collect_and_cleanup")
                let run = try await core.finishedRun(taskId, within: 60)
                #expect(run["success"] == true)
                let resources = try await core.request(.GET, "/resources?cloud=example").json()
                #expect(resources["resources"]?.arrayValue?.isEmpty == false)
            }
        }
    }

    @Test func workerCommandStopsWhenTheCoresCertificateIsNotTrusted() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core in
            try await BackgroundProcess.with(
                try RotaProcess.executable, ["worker", "--core", "https://localhost:\(core.port)", "--collector", "example"]
            ) { worker in
                try await eventually("the worker says why it stops", within: 60) {
                    worker.output.contains("the core's certificate at https://localhost:\(core.port) is not trusted: it is not signed by a CA the system trusts; pass --ca-cert")
                }
            }
        }
    }

    @Test func coreCommandServesHTTPSAndReloadsItsCertificateOnSIGHUP() async throws {
        let certificates = try TestCertificates.make()
        let served = try certificates.servedCopy(of: certificates.server)
        let database = certificates.directory.appendingPathComponent("rota.db").path
        try await RotaProcess.withCore(["--db", database, "--tls-cert", served.certificate, "--tls-key", served.key]) { core in
            #expect(core.log.contains("Rota core serving on https://127.0.0.1:\(core.port)"))
            let url = URL(string: "https://localhost:\(core.port)")!
            let first = CoreAPI(connection: CoreConnection(url: url, tls: ClientTLS(certificateAuthorityPath: certificates.authority)))
            var events = first.events(show: ["before_reload", "after_reload"]).makeAsyncIterator()
            try await Self.emit("before_reload", by: first, until: &events)

            try certificates.otherAuthorityServer.copy(to: served)
            core.process.signal(SIGHUP)
            try await eventually("the core reloads", within: 30) { core.log.contains("TLS certificate reloaded") }

            let other = CoreAPI(connection: CoreConnection(url: url, tls: ClientTLS(certificateAuthorityPath: certificates.otherAuthority)))
            let answer = try await other.get("/system/ping")
            #expect(answer == .string("pong"))
            await #expect(throws: CoreAPIError.self) { try await first.get("/system/ping") }
            try await Self.emit("after_reload", by: other, until: &events)
        }
    }

    /// Emits `messageType` events by `api` until one arrives through `events`, which the core
    /// began to serve before: it is still open and still receives.
    static func emit(
        _ messageType: String, by api: CoreAPI, until events: inout AsyncThrowingStream<Message, any Error>.AsyncIterator
    ) async throws {
        try await api.emitting(messageType) {
            while let event = try await events.next() {
                if event.messageType == messageType { return }
            }
            throw TestFailure("the events WebSocket ended before \(messageType) arrived")
        }
    }

    @Test func upServesTheCoreAndTheMetricsOverHTTPSWithItsActorsConnected() async throws {
        let certificates = try TestCertificates.make()
        let directory = certificates.directory
        let (corePort, metricsPort) = (try freeLoopbackPort(), try freeLoopbackPort())
        try await BackgroundProcess.with(
            try RotaProcess.executable,
            [
                "up", "--port", "\(corePort)", "--metrics-port", "\(metricsPort)", "--db", directory.appendingPathComponent("up.db").path,
                "--tls-cert", certificates.server.certificate, "--tls-key", certificates.server.key, "--ca-cert", certificates.authority,
            ]
        ) { up in
            try await eventually("rota up starts collect_and_cleanup", within: 60) { up.output.contains("collect_and_cleanup started: run ") }
            #expect(up.output.contains("API:       https://localhost:\(corePort)"))
            #expect(up.output.contains("metrics:   https://localhost:\(metricsPort)/metrics"))
            let tls = try ClientTLS(certificateAuthorityPath: certificates.authority).configuration()
            let core = CoreClient(port: corePort, tls: tls)
            let taskId = try #require(up.output.split(separator: "\n").first { $0.hasPrefix("collect_and_cleanup started: run ") }?.split(separator: " ")[3])
            let run = try await core.finishedRun(String(taskId), within: 60)
            #expect(run["success"] == true)
            let scrape = try await CoreClient(port: metricsPort, tls: tls).request(.GET, "/metrics")
            #expect(scrape.text.contains("rota_resources_total{"))
        }
    }

    @Test func metricsAndUpRefuseHalfATLSSetting() throws {
        let certificates = try TestCertificates.make()
        func refusal<Command: ParsableCommand>(_ command: Command.Type, _ arguments: [String]) -> String? {
            do {
                _ = try command.parse(arguments)
                return nil
            } catch {
                return command.message(for: error)
            }
        }
        #expect(
            refusal(MetricsCommand.self, ["--tls-cert", certificates.server.certificate])
                == "--tls-cert and --tls-key go together: give both the certificate and its private key")
        #expect(
            refusal(MetricsCommand.self, ["--tls-cert", certificates.server.certificate, "--tls-key", certificates.secondServer.key])
                == "the TLS private key (--tls-key) \(certificates.secondServer.key) is not the key of the certificate in \(certificates.server.certificate)")
        #expect(refusal(MetricsCommand.self, ["--tls-cert", certificates.server.certificate, "--tls-key", certificates.server.key]) == nil)
        let mutual = ["--tls-cert", certificates.server.certificate, "--tls-key", certificates.server.key, "--tls-client-ca", certificates.authority]
        #expect(refusal(UpCommand.self, mutual)?.hasPrefix("--tls-client-ca asks every client for a certificate") == true)
        #expect(refusal(UpCommand.self, mutual + ["--cert", certificates.client.certificate, "--cert-key", certificates.client.key]) == nil)
    }

}
