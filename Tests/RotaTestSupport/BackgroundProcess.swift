import Foundation
import RotaSpawn

/// A program running beside a test, stopped when the test is done; what it prints goes to a
/// temporary file, so no pipe fills and no thread blocks on it.
public final class BackgroundProcess: Sendable {
    private let process: SpawnedProcess
    private let outputFile: URL

    public init(_ executable: URL, _ arguments: [String]) throws {
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("rota-process-\(UUID().uuidString).log")
        try Data().write(to: outputFile)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        process = try SpawnedProcess(
            executable.path, arguments: arguments, output: .descriptor(output.fileDescriptor), error: .descriptor(output.fileDescriptor))
    }

    /// Everything the program printed so far.
    public var output: String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    /// Asks the program to stop (SIGTERM) and kills it if it has not within a second; does not wait.
    public func stop() {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        let process = self.process
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { process.signal(SIGKILL) }
    }
}
