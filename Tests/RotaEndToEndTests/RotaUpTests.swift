import Foundation
import RotaSpawn
import RotaModel
import RotaTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// `rota up` as a user runs it: one process with the core, a worker and the metrics exporter,
/// which runs collect_and_cleanup at once and stops gracefully on SIGINT.
@Suite struct RotaUpTests {
    @Test func upRunsCollectAndCleanupAtOnceServesMetricsAndStopsOnInterrupt() async throws {
        try await RunningUp.with { up in
            try await eventually("rota up starts collect_and_cleanup", within: 60) { up.printed.contains("collect_and_cleanup started: run ") }
            let text = up.printed
            #expect(text.contains("dashboard: http://127.0.0.1:\(up.corePort)/ui"))
            #expect(text.contains("API:       http://127.0.0.1:\(up.corePort)"))
            #expect(text.contains("metrics:   http://127.0.0.1:\(up.metricsPort)/metrics"))
            #expect(text.contains("data:      \(up.databasePath)"))
            #expect(text.contains("Press Ctrl-C to stop."))
            let taskId = try #require(text.split(separator: "\n").first { $0.hasPrefix("collect_and_cleanup started: run ") }?
                .split(separator: " ")[3])

            let core = CoreClient(port: up.corePort)
            let run = try await core.finishedRun(String(taskId), within: 60)
            #expect(run["success"] == true)
            let protected = try await core.request(.GET, "/resources/example:prod:instance:db-legacy").json()
            #expect(protected["metadata"]?["protected"] == true)
            let hosts = try await core.request(.GET, "/resources?cloud=local&kind=host").json()
            #expect(hosts["resources"]?.arrayValue?.count == 1)

            let scrape = try await CoreClient(port: up.metricsPort).request(.GET, "/metrics")
            #expect(scrape.text.contains(#"rota_resources_total{cloud="example",account="prod",region="eu-1",kind="instance"} 1"#))
            #expect(scrape.text.contains(#"rota_resources_marked_for_cleanup_total{cloud="example",account="dev",region="eu-1",kind="volume"} 1"#))
            #expect(!scrape.text.contains(#"rota_resources_marked_for_cleanup_total{cloud="example",account="prod""#))

            try await up.interrupt()
        }
    }

    @Test func interruptedAsSoonAsItIsUpItStopsCleanly() async throws {
        try await RunningUp.with { up in
            try await eventually("rota up says it is up", within: 60) { up.printed.contains("Press Ctrl-C to stop.") }
            try await up.interrupt()
        }
    }
}

/// `rota up` running as a process in a fresh folder, on free ports, with what it printed.
private struct RunningUp {
    let directory: URL
    let corePort: Int
    let metricsPort: Int
    private let process: SpawnedProcess
    private let output: URL

    /// Runs `body` while `rota up` runs; afterwards ends the process at once if it still runs,
    /// waits until it has ended, and removes its folder, however `body` ends.
    static func with(_ body: (RunningUp) async throws -> Void) async throws {
        let up = try RunningUp()
        do {
            try await body(up)
            await up.terminate()
        } catch {
            await up.terminate()
            throw error
        }
    }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        (corePort, metricsPort) = (try freeLoopbackPort(), try freeLoopbackPort())
        output = directory.appendingPathComponent("output.txt")
        try Data().write(to: output)
        let printedTo = try FileHandle(forWritingTo: output)
        defer { try? printedTo.close() }
        process = try SpawnedProcess(
            try RotaProcess.executable.path, arguments: ["up", "--port", "\(corePort)", "--metrics-port", "\(metricsPort)", "--log-level", "error"],
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ROTA_") }, directory: directory.path, output: .descriptor(printedTo.fileDescriptor))
    }

    /// Everything printed so far.
    var printed: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Where `rota up` keeps its data.
    var databasePath: String { directory.appendingPathComponent(".rota/rota.db").standardizedFileURL.path }

    /// Sends SIGINT and expects a graceful stop: exit status 0 and the last line saying where the data stays.
    func interrupt() async throws {
        process.signal(SIGINT)
        try await eventually("rota up stops", within: 30) { !process.isRunning }
        #expect(process.ending == .exited(code: 0))
        #expect(printed.hasSuffix("Rota stopped; the data stays in \(databasePath)\n"))
    }

    /// Ends the process at once if it still runs, waits until it has ended, and removes its folder.
    private func terminate() async {
        process.signal(SIGKILL)
        await process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

}
