import Foundation
import Testing

/// The Python side of the protocol, fixinventorylib's `fixlib`, in the virtual environment that
/// `scripts/compat/python-env.sh` prepares, for checking Rota's tokens against it.
public struct FixlibPython {
    /// What a finished process printed, and how it ended.
    public typealias Output = PythonEnvironment.Output

    /// The environment script failed for a reason other than PyPI being out of reach.
    public typealias SetupFailure = PythonEnvironment.SetupFailure

    public static let repositoryRoot = PythonEnvironment.repositoryRoot

    public let interpreter: URL

    /// The prepared interpreter. Where PyPI cannot be reached (the script's exit code 3) the
    /// calling test records a known issue and is cancelled, so the summary shows that the
    /// cross-check did not run; any other failure of the script fails the test.
    public static func prepare(sourceLocation: SourceLocation = #_sourceLocation) async throws -> FixlibPython {
        let interpreter = try await PythonEnvironment.interpreter(
            preparedBy: "scripts/compat/python-env.sh", installing: "fixlib", sourceLocation: sourceLocation)
        return FixlibPython(interpreter: interpreter)
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
        try await PythonEnvironment.run(executable, arguments)
    }
}
