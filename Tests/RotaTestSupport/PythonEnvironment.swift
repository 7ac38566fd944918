import Foundation
import RotaSpawn
import Testing

/// A Python virtual environment that one of the project's `scripts/*/python-env.sh` prepares, and
/// the running of programs to their end with their output collected, which the Python
/// compatibility tests share.
public enum PythonEnvironment {
    /// What a finished process printed, and how it ended.
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// An environment script failed for a reason other than PyPI being out of reach.
    public struct SetupFailure: Error, CustomStringConvertible {
        var script: String
        var output: Output
        public var description: String { "\(script) failed with exit code \(output.status):\n\(output.stderr)" }
    }

    /// The root of the repository these tests belong to.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The interpreter that `script` (a path under the repository) prepares, `packages` naming
    /// what it installs. Where PyPI cannot be reached (the script's exit code 3) the calling test
    /// records a known issue and is cancelled, so the summary shows that the cross-check did not
    /// run; any other failure of the script fails the test.
    public static func interpreter(preparedBy script: String, installing packages: String, sourceLocation: SourceLocation) async throws -> URL {
        let path = repositoryRoot.appendingPathComponent(script).path
        let output = try await run(URL(fileURLWithPath: "/bin/bash"), [path])
        switch output.status {
        case 0:
            return URL(fileURLWithPath: output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        case 3:
            let reason = "PyPI cannot be reached, so \(packages) could not be installed and this cross-check with Python did not run"
            withKnownIssue("\(reason)") {
                Issue.record("\(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))", sourceLocation: sourceLocation)
            }
            try Test.cancel("\(reason)", sourceLocation: sourceLocation)
        default:
            throw SetupFailure(script: script, output: output)
        }
    }

    /// Runs `executable` to its end, its output collected in temporary files so that no pipe fills.
    public static func run(_ executable: URL, _ arguments: [String]) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-python-\(UUID().uuidString)")
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
