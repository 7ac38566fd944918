import Foundation
import RotaSpawn
import Testing

/// The Python side of the protocol, fixinventorylib's `fixlib`, in the virtual environment that
/// `scripts/compat/python-env.sh` prepares, for checking Rota's tokens against it.
public struct FixlibPython {
    /// What a finished process printed, and how it ended.
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The environment script failed for a reason other than PyPI being out of reach.
    public struct SetupFailure: Error, CustomStringConvertible {
        var output: Output
        public var description: String { "python-env.sh failed with exit code \(output.status):\n\(output.stderr)" }
    }

    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public let interpreter: URL

    /// The prepared interpreter. Where PyPI cannot be reached (the script's exit code 3) the
    /// calling test records a known issue and is cancelled, so the summary shows that the
    /// cross-check did not run; any other failure of the script fails the test.
    public static func prepare(sourceLocation: SourceLocation = #_sourceLocation) async throws -> FixlibPython {
        let script = repositoryRoot.appendingPathComponent("scripts/compat/python-env.sh")
        let output = try await run(URL(fileURLWithPath: "/bin/bash"), [script.path])
        switch output.status {
        case 0:
            return FixlibPython(interpreter: URL(fileURLWithPath: output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        case 3:
            let reason = "PyPI cannot be reached, so fixlib could not be installed and this cross-check with Python did not run"
            withKnownIssue("\(reason)") {
                Issue.record("\(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))", sourceLocation: sourceLocation)
            }
            try Test.cancel("\(reason)", sourceLocation: sourceLocation)
        default:
            throw SetupFailure(output: output)
        }
    }

    /// Runs `body` while a Python program runs in the background, its output collected in a
    /// temporary file; stops the program afterwards and waits until it has ended.
    @discardableResult
    public func running<T>(_ arguments: [String], _ body: (BackgroundProcess) async throws -> T) async throws -> T {
        try await BackgroundProcess.with(interpreter, arguments, body)
    }

    /// Runs `code` with `python -c`; `arguments` are its `sys.argv[1:]`.
    public func run(_ code: String, _ arguments: String...) async throws -> Output {
        try await Self.run(interpreter, ["-c", code] + arguments)
    }

    /// Runs `executable` to its end, its output collected in temporary files so that no pipe fills.
    public static func run(_ executable: URL, _ arguments: [String]) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutFile = directory.appendingPathComponent("stdout")
        let stderrFile = directory.appendingPathComponent("stderr")
        try Data().write(to: stdoutFile)
        try Data().write(to: stderrFile)

        let stdout = try FileHandle(forWritingTo: stdoutFile)
        let stderr = try FileHandle(forWritingTo: stderrFile)
        let process: SpawnedProcess
        do {
            defer {
                try? stdout.close()
                try? stderr.close()
            }
            process = try SpawnedProcess(
                executable.path, arguments: arguments, output: .descriptor(stdout.fileDescriptor), error: .descriptor(stderr.fileDescriptor))
        }
        guard let status = await process.waitUntilExit()?.shellStatus else { throw CancellationError() }
        return Output(
            status: status,
            stdout: try String(contentsOf: stdoutFile, encoding: .utf8),
            stderr: try String(contentsOf: stderrFile, encoding: .utf8)
        )
    }
}
