import Foundation

/// A program running beside a test, stopped when the test is done; what it prints goes to a
/// temporary file, so no pipe fills and no thread blocks on it.
public final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let outputFile: URL

    public init(_ executable: URL, _ arguments: [String]) throws {
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("rota-process-\(UUID().uuidString).log")
        try Data().write(to: outputFile)
        let output = try FileHandle(forWritingTo: outputFile)
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// Everything the program printed so far.
    public var output: String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    /// Asks the program to stop (SIGTERM) and kills it if it has not within a second; does not wait.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let process = self.process
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }
}
