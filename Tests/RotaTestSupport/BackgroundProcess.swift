import Foundation
import RotaSpawn

/// A program running beside a test, stopped when the test is done; what it prints goes to a
/// temporary file, so no pipe fills and no thread blocks on it.
public final class BackgroundProcess: Sendable {
    private let process: SpawnedProcess
    private let outputFile: URL

    /// Runs `body` while the program runs; then stops it and waits until it has ended, however
    /// `body` ends.
    @discardableResult
    public static func with<T>(_ executable: URL, _ arguments: [String], _ body: (BackgroundProcess) async throws -> T) async throws -> T {
        let program = try BackgroundProcess(executable, arguments)
        do {
            let result = try await body(program)
            await program.stop()
            return result
        } catch {
            await program.stop()
            throw error
        }
    }

    private init(_ executable: URL, _ arguments: [String]) throws {
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

    /// Asks the program to stop (SIGTERM), kills it if it has not within a second, and waits
    /// until it has ended. The second is the program's grace to stop, not a wait for a condition.
    private func stop() async {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        let process = self.process
        let killer = Task {
            try await Task.sleep(for: .seconds(1))
            process.signal(SIGKILL)
        }
        await process.waitUntilExit()
        killer.cancel()
    }
}
