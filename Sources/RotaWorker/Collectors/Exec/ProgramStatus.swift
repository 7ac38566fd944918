/// How a program that ran to its end finished: its exit code, or the signal that killed it.
public enum ProgramStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(code: Int32)
    case killed(signal: Int32)

    /// Whether the program finished with exit code 0.
    public var succeeded: Bool { self == .exited(code: 0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exited with code \(code)"
        case .killed(let signal): return "was killed by signal \(signal)"
        }
    }
}
