import Foundation
import RotaModel

/// `rota core` run as a separate process, as a user runs it, with its log in a file: started,
/// killed with SIGKILL as a crash would, and started again on the same database and port.
final class CoreProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    /// How long the process took from its spawn to listening.
    let startup: Duration

    /// The `rota` executable that `swift build` put beside this command, or `path` when given.
    static func executable(path: String?) throws -> URL {
        let candidate =
            path.map { URL(fileURLWithPath: $0) }
            ?? Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("rota")
        guard let candidate, FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw CrashTestFailure(
                "the rota executable is missing at \(candidate?.path ?? "the build folder"); build it with the same configuration (`swift build --product rota`) or give --rota PATH")
        }
        return candidate
    }

    /// Spawns `executable core` with `arguments`, its stderr into `log`, and waits up to 60 s until
    /// it says it serves.
    static func start(executable: URL, arguments: [String], log: URL) async throws -> CoreProcess {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["core"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        let clock = ContinuousClock()
        let spawned = clock.now
        try process.run()
        let deadline = spawned + .seconds(60)
        while clock.now < deadline {
            if let port = servingPort(in: log) {
                return CoreProcess(process: process, port: port, startup: clock.now - spawned)
            }
            guard process.isRunning else { break }
            try await Task.pause(for: .milliseconds(5))
        }
        process.terminate()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw CrashTestFailure("rota core did not start within 60 s; its log \(log.path) ends:\n\(text.suffix(2000))")
    }

    /// Spawns `executable core` with `arguments` and kills it with SIGKILL after `delay`, whether
    /// or not it serves by then: a crash while the core loads its runs and triggers. Returns
    /// whether it had said it serves.
    static func startAndKill(executable: URL, arguments: [String], log: URL, after delay: Duration) async throws -> Bool {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["core"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        try await Task.pause(for: delay)
        Foundation.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try await Task.pause(for: .milliseconds(2)) }
        return servingPort(in: log) != nil
    }

    /// The port of the line `Rota core serving on http://HOST:PORT` in the log, once it is there.
    private static func servingPort(in log: URL) -> Int? {
        guard let text = try? String(contentsOf: log, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.contains("Rota core serving on http://") }),
            let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://") })
        else { return nil }
        return address.split(separator: ":").last.flatMap { Int($0.prefix(while: \.isNumber)) }
    }

    private init(process: Process, port: Int, startup: Duration) {
        self.process = process
        self.port = port
        self.startup = startup
    }

    /// Kills the process with SIGKILL (no shutdown, no last write) and waits until it is gone.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await waitUntilExit()
    }

    /// Stops the process gracefully with SIGTERM and waits for it.
    func terminate() async {
        process.terminate()
        await waitUntilExit()
    }

    private func waitUntilExit() async {
        while process.isRunning { try? await Task.pause(for: .milliseconds(2)) }
    }
}

/// Why the crash test could not go on.
struct CrashTestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
