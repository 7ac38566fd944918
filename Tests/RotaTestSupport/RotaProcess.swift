import Foundation
import Testing

/// The `rota` executable run as a separate process, as a user runs it: for tests that kill it.
public final class RotaProcess: @unchecked Sendable {
    public let process: Process
    public let port: Int
    private let stderrLines: LineCollector

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
    public static func core(_ arguments: [String], environment: [String: String] = [:]) async throws -> RotaProcess {
        let process = Process()
        process.executableURL = try executable
        process.arguments = ["core", "--port", "0", "--log-level", "info"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let lines = LineCollector()
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { lines.append(data) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let line = lines.all.first(where: { $0.contains("Rota core serving on http") }),
                let portText = line.split(separator: ":").last?.prefix(while: \.isNumber), let port = Int(portText)
            {
                return RotaProcess(process: process, port: port, stderrLines: lines)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw TestFailure("rota core did not start:\n\(lines.all.joined(separator: "\n"))")
    }

    private init(process: Process, port: Int, stderrLines: LineCollector) {
        self.process = process
        self.port = port
        self.stderrLines = stderrLines
    }

    /// Everything the process wrote to stderr so far.
    public var log: String { stderrLines.all.joined(separator: "\n") }

    /// Kills the process at once, as a crash would: no shutdown, no last write.
    public func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await waitUntilExit()
    }

    /// Stops the process gracefully with SIGTERM and waits for it.
    public func terminate() async {
        process.terminate()
        await waitUntilExit()
    }

    private func waitUntilExit() async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }
}

/// Lines of a stream collected as they arrive.
public final class LineCollector: @unchecked Sendable {
    private var buffer = ""
    private let lock = NSLock()

    public func append(_ data: Data) {
        lock.withLock { buffer += String(decoding: data, as: UTF8.self) }
    }

    public var all: [String] {
        lock.withLock { buffer.split(separator: "\n").map(String.init) }
    }
}
