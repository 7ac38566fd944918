import Foundation

/// Where the `rota` commands write and what they know of the process they run in: standard
/// output, standard error, the environment, and whether a person watches the output on a
/// terminal. `Console.current` is the real process; tests run commands with a console of their
/// own (`Console.$current.withValue(...)`) to read what a command printed.
public struct Console: Sendable {
    /// The two streams a command writes to.
    public enum Stream: Sendable {
        case output
        case error
    }

    /// The console the commands of the current task write to.
    @TaskLocal public static var current = Console.standard

    /// The process's own streams and environment. When a stream can no longer be written (its
    /// reader went away, as `rota ... | head` does), the command ends quietly, as Unix tools do.
    public static var standard: Console {
        Console(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1) { stream, text in
            let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
            do {
                try handle.write(contentsOf: Data(text.utf8))
            } catch {
                exit(0)
            }
        }
    }

    /// The environment variables, e.g. `ROTA_CORE`.
    public let environment: [String: String]
    /// Whether standard output is a terminal, so that a command may redraw what it printed.
    public let isTerminal: Bool
    private let sink: @Sendable (Stream, String) -> Void

    /// A console that hands everything written to `sink`.
    public init(environment: [String: String], isTerminal: Bool, sink: @escaping @Sendable (Stream, String) -> Void) {
        self.environment = environment
        self.isTerminal = isTerminal
        self.sink = sink
    }

    /// Writes `text` as it is to `stream`.
    public func write(_ text: String, to stream: Stream = .output) {
        sink(stream, text)
    }

    /// Writes one line to standard output.
    public func print(_ line: String = "") {
        sink(.output, line + "\n")
    }

    /// Writes one line to standard error.
    public func printError(_ line: String) {
        sink(.error, line + "\n")
    }
}
