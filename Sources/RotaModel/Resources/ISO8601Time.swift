import Foundation

/// ISO-8601 times as resources carry them (`ctime`, the `rota:expires` tag, the store's metadata):
/// read from `2026-11-01T00:00:00Z`, `2026-11-01T01:00:00.25+01:00` and the like, written in UTC
/// as `2026-11-01T00:00:00Z` with fractional seconds only when there are some.
///
/// Hand-written rather than `ISO8601DateFormatter` because the merge reads one per resource line.
public enum ISO8601Time {
    /// Reads `YYYY-MM-DD`, `T` (or `t` or a space), `HH:MM[:SS[.fraction]]`, then `Z`, `±HH:MM`,
    /// `±HHMM` or `±HH`. Without an offset the time is UTC. Nil when the text is anything else.
    public static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(from: $0) }
    }

    /// The time as UTC, such as `2026-11-01T00:00:00Z` or `2026-11-01T00:00:00.25Z`; fractional
    /// seconds are rounded to microseconds.
    public static func string(from date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        write(date, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func date(from bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(digits: 4), reader.skip("-"),
            let month = reader.number(digits: 2), reader.skip("-"),
            let day = reader.number(digits: 2),
            reader.skip("T") || reader.skip("t") || reader.skip(" "),
            let hour = reader.number(digits: 2), reader.skip(":"),
            let minute = reader.number(digits: 2)
        else { return nil }
        var second = 0
        var fraction = 0.0
        if reader.skip(":") {
            guard let value = reader.number(digits: 2) else { return nil }
            second = value
            if reader.skip(".") {
                guard let value = reader.fraction() else { return nil }
                fraction = value
            }
        }
        guard (1...12).contains(month), (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day),
            hour < 24, minute < 60, second < 60,
            let offset = reader.offset(), reader.isAtEnd
        else { return nil }
        let days = CivilCalendar.dayNumber(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    static func write(_ date: Date, into bytes: inout [UInt8]) {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var microseconds = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if microseconds == 1_000_000 {
            seconds += 1
            microseconds = 0
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilCalendar.date(ofDayNumber: days)
        if year < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(abs(year), count: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        if microseconds > 0 {
            bytes.append(UInt8(ascii: "."))
            var digits = 6
            while microseconds % 10 == 0 {
                microseconds /= 10
                digits -= 1
            }
            appendDigits(microseconds, count: digits, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Appends `value` in decimal, padded with zeros to `count` digits.
    private static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var value = value
        while divisor * 10 <= value { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor))
            value %= divisor
            divisor /= 10
        }
    }

    /// Reads fixed-width decimal fields from ASCII bytes.
    private struct DigitReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func number(digits: Int) -> Int? {
            guard position + digits <= bytes.count else { return nil }
            var value = 0
            for index in position..<position + digits {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            position += digits
            return value
        }

        /// The digits after a decimal point as a fraction of a second; at least one digit.
        mutating func fraction() -> Double? {
            var value = 0.0
            var scale = 1.0
            let start = position
            while position < bytes.count, (48...57).contains(bytes[position]) {
                scale /= 10
                value += Double(bytes[position] - 48) * scale
                position += 1
            }
            return position > start ? value : nil
        }

        /// The UTC offset in seconds: 0 for `Z` or none, else `±HH[[:]MM]`; nil when malformed.
        mutating func offset() -> Int? {
            if isAtEnd { return 0 }
            if skip("Z") || skip("z") { return 0 }
            let sign: Int
            if skip("+") {
                sign = 1
            } else if skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = number(digits: 2), hours < 24 else { return nil }
            var minutes = 0
            if !isAtEnd {
                _ = skip(":")
                guard let value = number(digits: 2), value < 60 else { return nil }
                minutes = value
            }
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}
