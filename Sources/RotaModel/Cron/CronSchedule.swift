/// The five parsed fields of a cron expression and the search for the wall-clock minutes they match.
struct CronSchedule: Sendable, Hashable {
    /// How far ahead ``firstMatch(atOrAfter:)`` looks. The Gregorian calendar repeats every 400
    /// years (146 097 days, exactly 20 871 weeks), so a schedule with no match in 400 consecutive
    /// years has none at all. Satisfiable schedules match far sooner: the sparsest is February 29
    /// on one weekday, which can be 40 years apart (2088, then 2128, because 2100 is no leap year).
    static let searchYears = 400

    let minutes: CronFieldValues
    let hours: CronFieldValues
    let daysOfMonth: CronFieldValues
    let months: CronFieldValues
    /// Weekdays 0 (Sunday) to 6; a 7 in the expression is folded into 0.
    let daysOfWeek: CronFieldValues

    /// A schedule of the parsed fields, with a day-of-week 7 folded into 0.
    init(minutes: CronFieldValues, hours: CronFieldValues, daysOfMonth: CronFieldValues, months: CronFieldValues, daysOfWeek: CronFieldValues) {
        self.minutes = minutes
        self.hours = hours
        self.daysOfMonth = daysOfMonth
        self.months = months
        var weekdays = daysOfWeek
        if weekdays.contains(7) {
            weekdays.bits = (weekdays.bits & ~(1 << 7)) | 1
        }
        self.daysOfWeek = weekdays
    }

    /// Vixie cron's rule: when either day field starts with `*` a day must match both fields,
    /// otherwise it may match either.
    var daysMustMatchBoth: Bool { daysOfMonth.isStar || daysOfWeek.isStar }

    /// Whether some day of some year matches. Each field matches at least one value, and every
    /// date, February 29 included, falls on each weekday in some year, so only a day-of-month
    /// that no chosen month has can make a schedule impossible, and only when both fields must match.
    var isSatisfiable: Bool {
        guard daysMustMatchBoth else { return true }
        guard let earliestDay = daysOfMonth.first(atLeast: 1) else { return false }
        // 2000 is a leap year, so each month has its longest length.
        return (1...12).contains { month in
            months.contains(month) && earliestDay <= CivilCalendar.daysInMonth(year: 2000, month: month)
        }
    }

    /// Whether a day matches the day fields, both or either as ``daysMustMatchBoth`` says.
    func matchesDay(_ day: Int, weekday: Int) -> Bool {
        daysMustMatchBoth
            ? daysOfMonth.contains(day) && daysOfWeek.contains(weekday)
            : daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
    }

    /// The first wall-clock minute at or after `start` that the schedule matches, skipping
    /// non-matching months, days and hours whole; nil when none comes within ``searchYears``.
    func firstMatch(atOrAfter start: WallClockTime) -> WallClockTime? {
        var time = start
        let lastYear = start.year + Self.searchYears
        while time.year <= lastYear {
            guard let month = months.first(atLeast: time.month) else {
                time = WallClockTime(year: time.year + 1, month: 1, day: 1, hour: 0, minute: 0)
                continue
            }
            if month != time.month {
                time = WallClockTime(year: time.year, month: month, day: 1, hour: 0, minute: 0)
            }
            guard let day = firstDay(atLeast: time.day, year: time.year, month: time.month) else {
                time = WallClockTime(year: time.year, month: time.month + 1, day: 1, hour: 0, minute: 0)
                continue
            }
            if day != time.day {
                time = WallClockTime(year: time.year, month: time.month, day: day, hour: 0, minute: 0)
            }
            guard let hour = hours.first(atLeast: time.hour) else {
                time = WallClockTime(year: time.year, month: time.month, day: time.day + 1, hour: 0, minute: 0)
                continue
            }
            if hour != time.hour {
                time = WallClockTime(year: time.year, month: time.month, day: time.day, hour: hour, minute: 0)
            }
            guard let minute = minutes.first(atLeast: time.minute) else {
                time = WallClockTime(year: time.year, month: time.month, day: time.day, hour: time.hour + 1, minute: 0)
                continue
            }
            time.minute = minute
            return time
        }
        return nil
    }

    /// The first matching day of the month at or after `day`; nil when the rest of the month has none.
    private func firstDay(atLeast day: Int, year: Int, month: Int) -> Int? {
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        guard day <= length else { return nil }
        var weekday = CivilCalendar.weekday(ofDayNumber: CivilCalendar.dayNumber(year: year, month: month, day: day))
        for candidate in day...length {
            if matchesDay(candidate, weekday: weekday) { return candidate }
            weekday = weekday == 6 ? 0 : weekday + 1
        }
        return nil
    }
}
