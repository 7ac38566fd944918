import Foundation
import Testing

@testable import RotaModel

/// The integer calendar arithmetic cron searches rely on, checked against Foundation's calendar.
@Suite("Cron civil calendar")
struct CronCivilCalendarTests {
    @Test func dayNumbersOfKnownDates() {
        #expect(CivilCalendar.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.dayNumber(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.dayNumber(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.weekday(ofDayNumber: 0) == 4)
        #expect(CivilCalendar.weekday(ofDayNumber: -1) == 3)
    }

    @Test func dayNumbersAgreeWithFoundationFrom1600To2400() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let first = CivilCalendar.dayNumber(year: 1600, month: 1, day: 1)
        let last = CivilCalendar.dayNumber(year: 2400, month: 12, day: 31)
        for dayNumber in stride(from: first, through: last, by: 37) {
            let date = CivilCalendar.date(ofDayNumber: dayNumber)
            let components = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(dayNumber) * 86_400))
            #expect(date.year == components.year && date.month == components.month && date.day == components.day, "\(dayNumber)")
            #expect(CivilCalendar.weekday(ofDayNumber: dayNumber) == components.weekday! - 1, "\(dayNumber)")
            #expect(CivilCalendar.dayNumber(year: date.year, month: date.month, day: date.day) == dayNumber)
        }
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(CivilCalendar.isLeapYear(2000))
        #expect(CivilCalendar.isLeapYear(2028))
        #expect(!CivilCalendar.isLeapYear(2100))
        #expect(!CivilCalendar.isLeapYear(2026))
        #expect(CivilCalendar.daysInMonth(year: 2028, month: 2) == 29)
        #expect(CivilCalendar.daysInMonth(year: 2100, month: 2) == 28)
        #expect(CivilCalendar.daysInMonth(year: 2026, month: 4) == 30)
        #expect(CivilCalendar.daysInMonth(year: 2026, month: 12) == 31)
    }

    @Test func wallClockTimesRoundTripThroughSeconds() {
        let time = WallClockTime(year: 2028, month: 2, day: 29, hour: 23, minute: 59)
        #expect(WallClockTime(containingSeconds: time.seconds) == time)
        #expect(WallClockTime(containingSeconds: time.seconds + 59) == time)
        #expect(time.nextMinute == WallClockTime(year: 2028, month: 3, day: 1, hour: 0, minute: 0))
        #expect(WallClockTime(containingSeconds: -1) == WallClockTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59))
    }
}
