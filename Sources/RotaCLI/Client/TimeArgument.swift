import Foundation
import RotaModel

/// A time given to a command (`--after`, `--since`, `--started-after`, ...), read the same way
/// by every command: an ISO-8601 time with an offset (`2026-11-23T10:00:00Z`), a wall time
/// without one (`2026-11-23T10:00`), or a date alone (`2026-11-23`, its midnight).
enum TimeArgument {
    /// How a refusal shows the forms taken.
    static let examples = "2026-11-23T10:00:00Z, 2026-11-23T10:00 or 2026-11-23"

    /// The instant `text` names; a time or date without an offset is wall time in `zone`. Nil
    /// when `text` is none of the forms above.
    static func date(_ text: String, wallTimeIn zone: TimeZone) -> Date? {
        Timestamp.date(text, wallTimeIn: zone) ?? (text.count == 10 ? Timestamp.date(text + "T00:00:00", wallTimeIn: zone) : nil)
    }

    /// `text` as a query parameter of the core, which reads a time without an offset as UTC:
    /// the instant with milliseconds. Nil when `text` is not a time.
    static func query(_ text: String) -> String? {
        date(text, wallTimeIn: TimeZone(identifier: "UTC")!).map { Timestamp.string($0) }
    }
}
