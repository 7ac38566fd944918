import Logging
import Synchronization

/// Keeps every line logged through its `logger`, with its metadata, so that a test can look at
/// what a core or a command wrote to its log.
public final class LogRecorder: Sendable {
    /// One logged line: its level and its message with the metadata appended as `key=value`.
    public struct Line: Sendable {
        public let level: Logger.Level
        public let text: String
    }

    private let lines = Mutex<[Line]>([])

    public init() {}

    /// A logger at `level` whose lines this recorder keeps.
    public func logger(_ label: String = "rota.test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in Handler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line logged so far, oldest first.
    public var recorded: [Line] { lines.withLock { $0 } }

    /// The lines at `level` so far.
    public func lines(at level: Logger.Level) -> [String] {
        recorded.filter { $0.level == level }.map(\.text)
    }

    fileprivate func record(_ line: Line) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let suffix = merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            recorder.record(Line(level: event.level, text: "\(event.message)\(suffix)"))
        }
    }
}
