import Foundation

/// ISO-8601 times as Rota shows and reads them for cron schedules: local wall time with the
/// zone's UTC offset, such as `2026-11-23T09:00:00+01:00`, and `Z` when the offset is zero.
public enum CronTimestamp {
    /// The instant as wall time in `timeZone`, followed by the offset in effect at that instant.
    public static func string(for instant: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: instant)
        let wall = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        let time = WallClockTime(containingSeconds: wall)
        let second = wall - time.seconds
        let date = "\(pad(time.year, 4))-\(pad(time.month))-\(pad(time.day))"
        return "\(date)T\(pad(time.hour)):\(pad(time.minute)):\(pad(second))\(offsetText(offset))"
    }

    /// Reads `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z`, `±HH:MM` or `±HHMM`. Without an
    /// offset the text is wall time in `timeZone`; a wall time the clock skips reads as the
    /// instant of the jump, and one it shows twice as its first occurrence. Nil when unreadable.
    public static func date(from text: String, wallTimeIn timeZone: TimeZone) -> Date? {
        let pattern = #/(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?/#
        guard let match = text.trimmingCharacters(in: .whitespaces).wholeMatch(of: pattern) else { return nil }
        let (year, month, day) = (Int(match.1)!, Int(match.2)!, Int(match.3)!)
        let (hour, minute, second) = (Int(match.4)!, Int(match.5)!, match.6.map { Int($0)! } ?? 0)
        guard (1...12).contains(month), (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let fraction = match.7.map { Double("0" + $0)! } ?? 0
        let wall = WallClockTime(year: year, month: month, day: day, hour: hour, minute: minute).seconds + second
        let instant: Int
        if match.8 != nil {
            instant = wall
        } else if let sign = match.9, let offsetHours = match.10.map({ Int($0)! }), let offsetMinutes = match.11.map({ Int($0)! }) {
            guard offsetHours < 24, offsetMinutes < 60 else { return nil }
            instant = wall - (sign == "-" ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            instant = WallClockResolver(timeZone: timeZone).firstInstant(showing: wall)
        }
        return Date(timeIntervalSince1970: TimeInterval(instant) + fraction)
    }

    private static func offsetText(_ offset: Int) -> String {
        guard offset != 0 else { return "Z" }
        let magnitude = abs(offset)
        let seconds = magnitude % 60 == 0 ? "" : ":\(pad(magnitude % 60))"
        return "\(offset < 0 ? "-" : "+")\(pad(magnitude / 3600)):\(pad(magnitude / 60 % 60))\(seconds)"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
