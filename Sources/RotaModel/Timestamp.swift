import Foundation

/// Times as Rota's API writes and reads them: ISO-8601 in UTC with milliseconds
/// (`2026-11-23T10:00:00.123Z`); reading also takes other offsets and whole seconds.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The instant in UTC.
    public static func string(_ date: Date) -> String {
        style.format(date)
    }

    /// Reads an ISO-8601 time with an offset (`Z`, `+01:00`); a time without one is UTC. Nil when unreadable.
    public static func date(_ text: String) -> Date? {
        CronTimestamp.date(from: text, wallTimeIn: TimeZone(identifier: "UTC")!)
    }
}
