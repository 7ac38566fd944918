import RotaCLI
import Synchronization

/// A console whose output and errors tests read, while the command runs and after.
final class CapturedConsole: Sendable {
    private let text = Mutex<(output: String, errors: String)>(("", ""))
    let environment: [String: String]
    let isTerminal: Bool

    init(environment: [String: String] = [:], isTerminal: Bool = false) {
        self.environment = environment
        self.isTerminal = isTerminal
    }

    /// What the command wrote to standard output so far.
    var output: String { text.withLock { $0.output } }
    /// What the command wrote to standard error so far.
    var errors: String { text.withLock { $0.errors } }

    /// The console commands write to.
    var console: Console {
        Console(environment: environment, isTerminal: isTerminal) { [self] stream, written in
            text.withLock { text in
                switch stream {
                case .output: text.output += written
                case .error: text.errors += written
                }
            }
        }
    }
}
