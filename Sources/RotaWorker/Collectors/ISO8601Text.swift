import Foundation

/// ISO-8601 timestamps as collectors write them (`2026-03-01T12:00:00Z`) and read them, with or
/// without fractional seconds and with any UTC offset.
enum ISO8601Text {
    static func format(_ date: Date) -> String {
        if date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970 {
            return date.formatted(Date.ISO8601FormatStyle())
        }
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
