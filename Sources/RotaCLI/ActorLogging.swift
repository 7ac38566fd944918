import ArgumentParser
import Logging

/// How the long-running commands (`worker`, `metrics`, `up`) log: one line per event on standard
/// error, from `level` up.
enum ActorLogging {
    /// The level named by `text`, or a usage error that lists the levels.
    static func level(_ text: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError(
                "--log-level \"\(text)\" is not a level; use one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return level
    }

    /// Sends every logger of the process to standard error, from `level` up.
    static func bootstrap(_ level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
