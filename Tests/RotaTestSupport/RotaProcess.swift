import Foundation
import RotaModel
import RotaSpawn
import Testing

/// The `rota` executable run as a separate process, as a user runs it: for tests that kill it.
public final class RotaProcess: Sendable {
    public let process: SpawnedProcess
    public let port: Int
    private let logFile: URL

    /// The `rota` binary `swift test` built beside the tests.
    public static var executable: URL {
        get throws {
            let candidates = [
                Bundle.main.bundleURL.appendingPathComponent("rota"),
                URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/rota").standardized,
            ]
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw TestFailure("the rota executable is missing; `swift build` builds it (looked at \(candidates.map(\.path)))")
            }
            return found
        }
    }

    /// Starts `rota core` on a free port with `arguments`, and waits until it serves.
    private static func core(_ arguments: [String], environment: [String: String] = [:]) async throws -> RotaProcess {
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("rota-core-\(UUID().uuidString).log")
        try Data().write(to: logFile)
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }
        let process = try SpawnedProcess(
            try executable.path, arguments: ["core", "--port", "0", "--log-level", "info"] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, given in given }, error: .descriptor(log.fileDescriptor))
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let lines = Self.lines(of: logFile)
            if let line = lines.first(where: { $0.contains("Rota core serving on http") }),
                let portText = line.split(separator: ":").last?.prefix(while: \.isNumber), let port = Int(portText)
            {
                return RotaProcess(process: process, port: port, logFile: logFile)
            }
            if !process.isRunning { break }
            try await Task.pause(for: .milliseconds(20))
        }
        process.signal(SIGKILL)
        await process.waitUntilExit()
        throw TestFailure("rota core did not start:\n\(Self.lines(of: logFile).joined(separator: "\n"))")
    }

    /// Runs `body` with `rota core` started as `core(_:environment:)` starts it; afterwards stops
    /// it gracefully (unless the test killed it) and waits until it has ended, however `body` ends.
    @discardableResult
    public static func withCore<T>(
        _ arguments: [String], environment: [String: String] = [:], _ body: (RotaProcess) async throws -> T
    ) async throws -> T {
        let core = try await core(arguments, environment: environment)
        do {
            let result = try await body(core)
            await core.terminate()
            return result
        } catch {
            await core.terminate()
            throw error
        }
    }

    private init(process: SpawnedProcess, port: Int, logFile: URL) {
        self.process = process
        self.port = port
        self.logFile = logFile
    }

    /// Everything the process wrote to stderr so far.
    public var log: String { Self.lines(of: logFile).joined(separator: "\n") }

    /// Kills the process at once, as a crash would: no shutdown, no last write.
    public func kill() async {
        process.signal(SIGKILL)
        await process.waitUntilExit()
    }

    /// Stops the process gracefully with SIGTERM and waits for it.
    public func terminate() async {
        process.signal(SIGTERM)
        await process.waitUntilExit()
    }

    private static func lines(of file: URL) -> [String] {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
