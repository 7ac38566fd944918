/// A minute on a wall clock: the fields a cron expression is matched against, with no time zone.
struct WallClockTime: Sendable, Hashable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int

    /// The wall-clock minute that contains `seconds`, counted from 1970-01-01 00:00 on the same clock.
    init(containingSeconds seconds: Int) {
        let minutes = seconds >= 0 ? seconds / 60 : (seconds - 59) / 60
        let days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let minuteOfDay = minutes - days * 1440
        (year, month, day) = CivilCalendar.date(ofDayNumber: days)
        hour = minuteOfDay / 60
        minute = minuteOfDay % 60
    }

    /// The minute with these fields, which are taken as given.
    init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        (self.year, self.month, self.day, self.hour, self.minute) = (year, month, day, hour, minute)
    }

    /// Seconds from 1970-01-01 00:00 on the same clock to this minute.
    var seconds: Int {
        ((CivilCalendar.dayNumber(year: year, month: month, day: day) * 24 + hour) * 60 + minute) * 60
    }

    /// The minute after this one.
    var nextMinute: WallClockTime {
        WallClockTime(containingSeconds: seconds + 60)
    }
}
