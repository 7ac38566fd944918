import Foundation
import RotaModel
import RotaSpawn
import RotaTestSupport
import Testing

/// Two `rota core` processes on one PostgreSQL database: when the leader is killed with
/// `kill -9` in the middle of a run, the standby leads within the lease's duration, the run goes
/// on from its step and finishes once, and the actors get what they are still owed from it.
@Suite struct FailoverTests {
    /// One `rota core` process on PostgreSQL at a fixed port, leader or standby.
    final class CoreProcess: Sendable {
        let process: SpawnedProcess
        let port: Int
        let logFile: URL

        /// Starts `rota core` on `database` at `port`, advertising `http://127.0.0.1:<port>`.
        init(database: String, port: Int) throws {
            self.port = port
            logFile = FileManager.default.temporaryDirectory.appendingPathComponent("rota-failover-\(UUID().uuidString).log")
            try Data().write(to: logFile)
            let log = try FileHandle(forWritingTo: logFile)
            defer { try? log.close() }
            process = try SpawnedProcess(
                try RotaProcess.executable.path,
                arguments: [
                    "core", "--db", database, "--port", String(port), "--advertise-url", "http://127.0.0.1:\(port)", "--lease-duration", "2s",
                    "--lease-retry", "200ms", "--log-level", "info",
                ],
                environment: ProcessInfo.processInfo.environment, error: .descriptor(log.fileDescriptor))
        }

        var client: CoreClient { CoreClient(port: port) }
        var url: String { "http://127.0.0.1:\(port)" }
        var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

        /// The status and body of `GET /system/ready`, or nil while nothing answers.
        func ready() async -> (status: Int, answer: JSONValue?)? {
            guard let response = try? await client.request(.GET, "/system/ready") else { return nil }
            return (response.status, try? response.json())
        }

        func waitUntilLeading(within seconds: Double = 60) async throws {
            try await eventually("the core at \(port) leads", within: seconds) { await ready()?.status == 200 }
        }

        func waitUntilStandingBy(behind leader: CoreProcess) async throws {
            try await eventually("the core at \(port) stands by behind \(leader.port)", within: 60) {
                guard let ready = await ready() else { return false }
                return ready.status == 503 && ready.answer?["leader"] == .string(leader.url)
            }
        }

        func kill() async {
            process.signal(SIGKILL)
            await process.waitUntilExit()
        }

        func terminate() async {
            process.signal(SIGTERM)
            await process.waitUntilExit()
        }
    }

    @Test func theStandbyLeadsAfterTheLeaderIsKilledAndTheRunFinishesOnce() async throws {
        let database = try await TestPostgres.freshDatabaseURL()
        let first = try CoreProcess(database: database, port: try freeLoopbackPort())
        try await first.waitUntilLeading()
        let second = try CoreProcess(database: database, port: try freeLoopbackPort())
        defer {
            Task {
                await first.kill()
                await second.terminate()
            }
        }
        try await second.waitUntilStandingBy(behind: first)

        let (taskId, fast, slow) = try await InterruptedCollect.start(on: first.client, port: first.port)

        await first.kill()
        try await second.waitUntilLeading(within: 2 + 30)
        await fast.close()
        await slow.close()

        _ = try await InterruptedCollect.finish(taskId, on: second.client, port: second.port)

        let back = try CoreProcess(database: database, port: first.port)
        do {
            try await back.waitUntilStandingBy(behind: second)
            await back.terminate()
        } catch {
            await back.terminate()
            throw error
        }
    }

    @Test func aLeaderStoppedGracefullyHandsTheLeaseOverAtOnce() async throws {
        let database = try await TestPostgres.freshDatabaseURL()
        let first = try CoreProcess(database: database, port: try freeLoopbackPort())
        try await first.waitUntilLeading()
        let second = try CoreProcess(database: database, port: try freeLoopbackPort())
        defer { Task { await second.terminate() } }
        try await second.waitUntilStandingBy(behind: first)
        await first.terminate()
        #expect(first.process.ending == .exited(code: 0))
        #expect(first.log.contains("the lease is released"))
        try await second.waitUntilLeading()
    }
}
