import Foundation

/// ISO-8601 times, as every part of Rota writes and reads them: the API (`2026-11-23T10:00:00.123Z`),
/// resources and their tags (`2026-11-01T00:00:00Z`), the exec collector's `ctime`, and cron's
/// wall times with their zone's offset (`2026-11-23T09:00:00+01:00`).
///
/// Reading takes `YYYY-MM-DD`, then `T` (or `t` or a space) and `HH:MM[:SS[.fraction]]`, then
/// `Z`, `z`, `UTC`, `GMT`, `±HH`, `±HHMM`, `±HH:MM` or `±HH:MM:SS`, with spaces or tabs around
/// it; the fraction may have any number of digits after a `.` or `,`. A date alone is its
/// midnight. `24:00` is the end of the day (the next midnight) and a leap second `:60` the start
/// of the next minute. A time without an offset is wall time in the zone given, UTC when none is.
/// Anything else, such as `2026-02-30` or `25:00`, is not a time.
///
/// Hand-written rather than Foundation's formatters because the inventory's merge reads and
/// writes several times per resource line.
public enum Timestamp {
    /// How much of a second's fraction a written time shows.
    public enum Fraction: Sendable, Hashable {
        /// Always three digits, cut after rounding to microseconds: `10:00:00.120`, `10:00:00.000`,
        /// as the API writes times.
        case milliseconds
        /// Up to six digits, rounded to microseconds, without trailing zeros, and none for a
        /// whole second: `10:00:00.25`, `10:00:00`, as resources carry times.
        case asNeeded
    }

    /// The instant as the API writes it: UTC with milliseconds, `2026-11-23T10:00:00.123Z`.
    public static func string(_ date: Date) -> String {
        string(date, fraction: .milliseconds)
    }

    /// The instant as wall time in `timeZone` (UTC when nil), followed by the offset in effect at
    /// that instant: `Z` when it is zero, else `±HH:MM` (`±HH:MM:SS` for offsets of odd seconds).
    public static func string(_ date: Date, fraction: Fraction, in timeZone: TimeZone? = nil) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        write(date, fraction: fraction, offset: timeZone?.secondsFromGMT(for: date) ?? 0, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads an ISO-8601 time or date in any of the forms above; one without an offset is UTC.
    /// Nil when unreadable.
    public static func date(_ text: String) -> Date? {
        date(text, wallTimeIn: nil)
    }

    /// Reads an ISO-8601 time or date in any of the forms above. Without an offset the text is
    /// wall time in `timeZone` (UTC when nil): a wall time the clock skips reads as the instant
    /// of the jump, and one it shows twice as its first occurrence. Nil when unreadable.
    public static func date(_ text: String, wallTimeIn timeZone: TimeZone?) -> Date? {
        var text = text
        return text.withUTF8 { date(from: $0, wallTimeIn: timeZone) }
    }

    /// ``date(_:wallTimeIn:)`` of UTF-8 bytes.
    static func date(from bytes: UnsafeBufferPointer<UInt8>, wallTimeIn timeZone: TimeZone? = nil) -> Date? {
        var reader = DigitReader(bytes: bytes)
        reader.skipBlanks()
        guard let year = reader.number(digits: 4), reader.skip("-"),
            let month = reader.number(digits: 2), reader.skip("-"),
            let day = reader.number(digits: 2),
            (1...12).contains(month), (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        let dayStart = CivilCalendar.dayNumber(year: year, month: month, day: day) * 86_400
        if reader.hasOnlyBlanksLeft { return instant(wall: dayStart, fraction: 0, offset: nil, timeZone: timeZone) }
        guard reader.skip("T") || reader.skip("t") || reader.skip(" "),
            let hour = reader.number(digits: 2), reader.skip(":"),
            let minute = reader.number(digits: 2)
        else { return nil }
        var second = 0
        var fraction = 0.0
        if reader.skip(":") {
            guard let value = reader.number(digits: 2) else { return nil }
            second = value
            if reader.skip(".") || reader.skip(",") {
                guard let value = reader.fraction() else { return nil }
                fraction = value
            }
        }
        let endOfDay = hour == 24 && minute == 0 && second == 0 && fraction == 0
        guard hour < 24 || endOfDay, minute < 60, second <= 60 else { return nil }
        var offset: Int?
        if !reader.hasOnlyBlanksLeft {
            guard let value = reader.offset() else { return nil }
            offset = value
        }
        reader.skipBlanks()
        guard reader.isAtEnd else { return nil }
        let wall = dayStart + (hour * 60 + minute) * 60 + second
        return instant(wall: wall, fraction: fraction, offset: offset, timeZone: timeZone)
    }

    /// The instant of a wall time: shifted by its offset, or else read in `timeZone` (UTC when nil).
    private static func instant(wall: Int, fraction: Double, offset: Int?, timeZone: TimeZone?) -> Date {
        let seconds: Int
        if let offset {
            seconds = wall - offset
        } else if let timeZone {
            seconds = WallClockResolver(timeZone: timeZone).firstInstant(showing: wall)
        } else {
            seconds = wall
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    /// Appends the instant as wall time at `offset` seconds from UTC, followed by that offset.
    static func write(_ date: Date, fraction: Fraction, offset: Int = 0, into bytes: inout [UInt8]) {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var microseconds = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if microseconds == 1_000_000 {
            seconds += 1
            microseconds = 0
        }
        let wall = seconds + offset
        let days = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        let secondOfDay = wall - days * 86_400
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
        switch fraction {
        case .milliseconds:
            bytes.append(UInt8(ascii: "."))
            appendDigits(microseconds / 1000, count: 3, to: &bytes)
        case .asNeeded where microseconds > 0:
            bytes.append(UInt8(ascii: "."))
            var digits = 6
            while microseconds % 10 == 0 {
                microseconds /= 10
                digits -= 1
            }
            appendDigits(microseconds, count: digits, to: &bytes)
        case .asNeeded:
            break
        }
        appendOffset(offset, to: &bytes)
    }

    /// Appends `Z` for a zero offset, else `±HH:MM`, with `:SS` when the offset has odd seconds.
    private static func appendOffset(_ offset: Int, to bytes: inout [UInt8]) {
        guard offset != 0 else {
            bytes.append(UInt8(ascii: "Z"))
            return
        }
        let magnitude = abs(offset)
        bytes.append(UInt8(ascii: offset < 0 ? "-" : "+"))
        appendDigits(magnitude / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(magnitude / 60 % 60, count: 2, to: &bytes)
        if magnitude % 60 != 0 {
            bytes.append(UInt8(ascii: ":"))
            appendDigits(magnitude % 60, count: 2, to: &bytes)
        }
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
        /// The most digits of a fraction that count; later ones are below a femtosecond.
        private static let fractionDigits = 15

        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        /// Skips `text` when the bytes continue with it.
        mutating func skip(word text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for index in 0..<count where bytes[position + index] != text.utf8Start[index] { return false }
            position += count
            return true
        }

        /// Skips spaces and tabs.
        mutating func skipBlanks() {
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
                position += 1
            }
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

        /// The digits after a decimal sign as a fraction of a second; at least one digit.
        mutating func fraction() -> Double? {
            var value = 0
            var scale = 1
            let start = position
            while position < bytes.count, (48...57).contains(bytes[position]) {
                if position - start < Self.fractionDigits {
                    value = value * 10 + Int(bytes[position] - 48)
                    scale *= 10
                }
                position += 1
            }
            return position > start ? Double(value) / Double(scale) : nil
        }

        /// Whether nothing but spaces and tabs is left.
        var hasOnlyBlanksLeft: Bool {
            var index = position
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") else { return false }
                index += 1
            }
            return true
        }

        /// The UTC offset in seconds: 0 for `Z`, `UTC` or `GMT`, else `±HH[[:]MM[[:]SS]]`; nil
        /// when malformed.
        mutating func offset() -> Int? {
            if skip("Z") || skip("z") || skip(word: "UTC") || skip(word: "GMT") { return 0 }
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
            var seconds = 0
            if !hasOnlyBlanksLeft {
                _ = skip(":")
                guard let value = number(digits: 2), value < 60 else { return nil }
                minutes = value
                if !hasOnlyBlanksLeft {
                    _ = skip(":")
                    guard let value = number(digits: 2), value < 60 else { return nil }
                    seconds = value
                }
            }
            return sign * (hours * 3600 + minutes * 60 + seconds)
        }
    }
}
