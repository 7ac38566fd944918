import Foundation
import RotaModel
import RotaSpawn

/// A program running beside a test, stopped when the test is done; what it prints goes to a
/// temporary file, so no pipe fills and no thread blocks on it.
public final class BackgroundProcess: Sendable {
    private let process: SpawnedProcess
    private let outputFile: URL
    private let grace: Duration

    /// Runs `body` while the program runs; then stops it and waits until it has ended, however
    /// `body` ends. A program that starts programs of its own runs in a process group of its own
    /// (`ownGroup`), so that stopping it stops them too; `grace` is how long it has to stop after
    /// SIGTERM before it is killed.
    @discardableResult
    public static func with<T>(
        _ executable: URL, _ arguments: [String], ownGroup: Bool = false, grace: Duration = .seconds(1),
        _ body: (BackgroundProcess) async throws -> T
    ) async throws -> T {
        let program = try BackgroundProcess(executable, arguments, ownGroup: ownGroup, grace: grace)
        do {
            let result = try await body(program)
            await program.stop()
            return result
        } catch {
            await program.stop()
            throw error
        }
    }

    private init(_ executable: URL, _ arguments: [String], ownGroup: Bool, grace: Duration) throws {
        self.grace = grace
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("rota-process-\(UUID().uuidString).log")
        try Data().write(to: outputFile)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        process = try SpawnedProcess(
            executable.path, arguments: arguments, output: .descriptor(output.fileDescriptor), error: .descriptor(output.fileDescriptor),
            ownGroup: ownGroup)
    }

    /// Everything the program printed so far.
    public var output: String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    /// Asks the program to stop (SIGTERM), kills it if it has not within its grace, and waits
    /// until it has ended. The grace is the program's time to stop, not a wait for a condition.
    private func stop() async {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        let process = self.process
        let grace = self.grace
        let killer = Task {
            try await Task.pause(for: grace)
            process.signal(SIGKILL)
        }
        await process.waitUntilExit()
        killer.cancel()
    }
}
