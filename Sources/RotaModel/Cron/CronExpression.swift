import Foundation

/// A schedule written the way Vixie cron reads it, for starting workflows at wall-clock times.
///
/// Five fields, `minute hour day-of-month month day-of-week`, or a macro such as `@daily`.
/// The fields describe wall-clock time in the time zone given to ``nextFire(after:in:)``.
/// Across daylight-saving changes a time the clock skips fires when the clock jumps, and a time
/// the clock shows twice fires only the first time (see docs/CRON.md).
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as given, without surrounding whitespace.
    public let source: String
    private let schedule: CronSchedule

    /// Parses an expression, throwing an error that says what is wrong and where.
    public init(parsing text: String) throws(CronParseError) {
        source = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let fieldsText = source.hasPrefix("@") ? try CronMacro.expansion(of: source) : source
        let fields = fieldsText.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == CronField.allCases.count else {
            let names = CronField.allCases.map(\.name).joined(separator: " ")
            throw CronParseError("expected \(CronField.allCases.count) fields (\(names)), got \(fields.count)")
        }
        var values: [CronFieldValues] = []
        for field in CronField.allCases {
            values.append(try CronFieldParser(field: field, text: fields[field.rawValue]).parse())
        }
        schedule = CronSchedule(minutes: values[0], hours: values[1], daysOfMonth: values[2], months: values[3], daysOfWeek: values[4])
    }

    public var description: String { source }

    /// False when no date ever matches, such as `0 0 30 2 *` (February 30); February 29 matches.
    public var isSatisfiable: Bool { schedule.isSatisfiable }

    /// The first time strictly after `instant` at which the expression fires, reading its fields
    /// as wall-clock time in `timeZone`; nil when it never fires (see ``isSatisfiable``) or
    /// `instant` is not a finite time.
    public func nextFire(after instant: Date, in timeZone: TimeZone) -> Date? {
        let seconds = instant.timeIntervalSince1970
        guard schedule.isSatisfiable, seconds.isFinite, abs(seconds) < 1e15 else { return nil }
        let resolver = WallClockResolver(timeZone: timeZone)
        var start = WallClockTime(containingSeconds: resolver.wallSeconds(at: instant)).nextMinute
        while let wall = schedule.firstMatch(atOrAfter: start) {
            let fire = Date(timeIntervalSince1970: TimeInterval(resolver.firstInstant(showing: wall.seconds)))
            if fire > instant { return fire }
            start = wall.nextMinute
        }
        return nil
    }

    /// The times the expression fires strictly after `instant`, in order, computed as they are read.
    public func fires(after instant: Date, in timeZone: TimeZone) -> some Sequence<Date> {
        sequence(state: instant) { last in
            guard let next = nextFire(after: last, in: timeZone) else { return nil }
            last = next
            return next
        }
    }
}
