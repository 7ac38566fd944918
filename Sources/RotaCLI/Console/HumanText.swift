import Foundation
import RotaModel

/// How the commands write the core's values for people: times without milliseconds, durations
/// in their largest units, percentages, and `-` for what is absent.
enum HumanText {
    /// A string or number as text; `-` for null or a missing value.
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "yes" : "no"
        case nil, .null?: return "-"
        case let other?: return other.jsonText
        }
    }

    /// An ISO-8601 time of the core (`2026-11-23T10:00:00.123Z`) to the second: `2026-11-23 10:00:00Z`.
    static func time(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue, let date = Timestamp.date(text) else { return text(value) }
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0)
    }

    /// Seconds as `850ms`, `4.2s`, `30s`, `3m05s`, `2h04m` or `3d02h`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        if whole < 86_400 { return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60) }
        return String(format: "%dd%02dh", whole / 86_400, whole % 86_400 / 3600)
    }

    /// A percentage such as `42%`, from the core's number 0...100.
    static func percent(_ value: JSONValue?) -> String {
        guard let number = value?.doubleValue else { return "-" }
        return "\(Int(number.rounded(.down)))%"
    }

    /// `1 error`, `3 errors`: a count with its noun.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// A trigger in a few words: `cron 0 * * * *` or `event start_collect_workflow`.
    static func trigger(_ trigger: JSONValue) -> String {
        if let cron = trigger["cron_expression"]?.stringValue { return "cron \(cron)" }
        guard let messageType = trigger["message_type"]?.stringValue else { return trigger.jsonText }
        guard let filter = trigger["filter_data"], filter != .null else { return "event \(messageType)" }
        return "event \(messageType) \(filter.jsonText)"
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
