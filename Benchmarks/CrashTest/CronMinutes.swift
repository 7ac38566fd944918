import Foundation
import RotaModel

/// The full minutes a `* * * * *` trigger fires at, and the minute each fire belongs to.
enum CronMinutes {
    /// The full minute at or before `date`.
    static func minute(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    /// The full minutes after `after` up to `through`: those a trigger registered at `after`
    /// fires in.
    static func expectedMinutes(after: Date, through last: Date) -> [Date] {
        var expected: [Date] = []
        var minute = minute(of: after).addingTimeInterval(60)
        while minute <= last {
            expected.append(minute)
            minute.addTimeInterval(60)
        }
        return expected
    }

    /// What is wrong with the fires (the runs' start times) of a trigger that fires every minute:
    /// each full minute after `after` up to `through` must have exactly one fire in it. A fire
    /// missed while the core was down is made up at the next start, within that same minute
    /// when the core is back within it, so it counts for the minute it was due.
    static func problems(fires: [Date], after: Date, through last: Date) -> [String] {
        let expected = expectedMinutes(after: after, through: last)
        let counts = Dictionary(grouping: fires.map(minute(of:)).filter { $0 <= last }, by: { $0 }).mapValues(\.count)
        var problems: [String] = []
        for minute in expected where counts[minute, default: 0] != 1 {
            problems.append("cron minute \(Timestamp.string(minute)) fired \(counts[minute, default: 0]) times, not once")
        }
        for (minute, count) in counts where minute <= after {
            problems.append("cron fired \(count) times in minute \(Timestamp.string(minute)), before the trigger was registered")
        }
        return problems
    }
}

