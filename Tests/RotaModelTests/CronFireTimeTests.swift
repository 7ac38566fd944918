import Foundation
import Testing

@testable import RotaModel

/// When expressions fire, read in UTC unless a test says otherwise.
@Suite("Cron fire times")
struct CronFireTimeTests {
    private func fires(_ text: String, after start: String, count: Int = 5, in zone: String = "UTC") throws -> [String] {
        let timeZone = try #require(TimeZone(identifier: zone))
        let instant = try #require(Timestamp.date(start, wallTimeIn: timeZone))
        return try CronExpression(parsing: text).fires(after: instant, in: timeZone).prefix(count)
            .map { Timestamp.string($0, fraction: .asNeeded, in: timeZone) }
    }

    @Test func everyQuarterHourDuringWorkingHoursOnWeekdays() throws {
        #expect(try fires("*/15 9-17 * * MON-FRI", after: "2026-11-20T17:30:00Z") == [
            "2026-11-20T17:45:00Z", "2026-11-23T09:00:00Z", "2026-11-23T09:15:00Z",
            "2026-11-23T09:30:00Z", "2026-11-23T09:45:00Z",
        ])
        #expect(try fires("*/15 9-17 * * MON-FRI", after: "2026-11-23T08:00:00+01:00", count: 1, in: "Europe/Berlin") == [
            "2026-11-23T09:00:00+01:00",
        ])
    }

    @Test func firesStrictlyAfterTheGivenInstant() throws {
        #expect(try fires("0 9 * * *", after: "2026-05-01T09:00:00Z", count: 1) == ["2026-05-02T09:00:00Z"])
        #expect(try fires("0 9 * * *", after: "2026-05-01T08:59:59.999Z", count: 1) == ["2026-05-01T09:00:00Z"])
        #expect(try fires("* * * * *", after: "2026-05-01T09:00:30Z", count: 2) == ["2026-05-01T09:01:00Z", "2026-05-01T09:02:00Z"])
    }

    @Test func restrictedDayFieldsMatchEitherField() throws {
        // The 13th of each month, and every Friday.
        #expect(try fires("0 0 13 * FRI", after: "2026-02-01T00:00:00Z") == [
            "2026-02-06T00:00:00Z", "2026-02-13T00:00:00Z", "2026-02-20T00:00:00Z",
            "2026-02-27T00:00:00Z", "2026-03-06T00:00:00Z",
        ])
    }

    @Test func aStarDayFieldMakesBothDayFieldsMatch() throws {
        // Odd days of the month that are also Mondays.
        #expect(try fires("0 0 */2 * MON", after: "2026-02-01T00:00:00Z", count: 3) == [
            "2026-02-09T00:00:00Z", "2026-02-23T00:00:00Z", "2026-03-09T00:00:00Z",
        ])
        // Fridays in February; the day-of-month "*" adds nothing.
        #expect(try fires("0 0 * FEB FRI", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-02-06T00:00:00Z", "2026-02-13T00:00:00Z",
        ])
        // The 13th, when it is a Sunday ("*/7" is 0 and 7, both Sunday).
        #expect(try fires("0 0 13 * */7", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-09-13T00:00:00Z", "2026-12-13T00:00:00Z",
        ])
    }

    @Test func sevenAndZeroAreBothSunday() throws {
        let sundays = ["2026-03-01T12:00:00Z", "2026-03-08T12:00:00Z"]
        #expect(try fires("0 12 * * 0", after: "2026-02-28T00:00:00Z", count: 2) == sundays)
        #expect(try fires("0 12 * * 7", after: "2026-02-28T00:00:00Z", count: 2) == sundays)
        #expect(try fires("0 12 * * sun", after: "2026-02-28T00:00:00Z", count: 2) == sundays)
        #expect(try fires("0 12 * * SAT-7", after: "2026-02-27T00:00:00Z", count: 3) == [
            "2026-02-28T12:00:00Z", "2026-03-01T12:00:00Z", "2026-03-07T12:00:00Z",
        ])
    }

    @Test func monthNamesSelectMonths() throws {
        #expect(try fires("0 0 1 jan,Jul *", after: "2026-03-15T00:00:00Z", count: 3) == [
            "2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z",
        ])
    }

    @Test func daysMissingFromAMonthAreSkipped() throws {
        #expect(try fires("0 0 31 * *", after: "2026-01-31T00:00:00Z", count: 3) == [
            "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z",
        ])
    }

    @Test func februaryTwentyNinthFiresInLeapYears() throws {
        #expect(try fires("0 0 29 2 *", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z",
        ])
        #expect(try fires("0 0 29 2 *", after: "2096-03-01T00:00:00Z", count: 1) == ["2104-02-29T00:00:00Z"])
    }

    @Test func februaryTwentyNinthOnASundayCanBeFortyYearsAway() throws {
        #expect(try fires("0 0 29 2 */7", after: "2089-01-01T00:00:00Z", count: 2) == [
            "2128-02-29T00:00:00Z", "2156-02-29T00:00:00Z",
        ])
    }

    @Test func satisfiabilityDependsOnTheMonthsHavingTheDay() throws {
        #expect(try !CronExpression(parsing: "0 0 30 2 *").isSatisfiable)
        #expect(try CronExpression(parsing: "0 0 29 2 *").isSatisfiable)
        #expect(try !CronExpression(parsing: "0 0 31 4,6 *").isSatisfiable)
        #expect(try !CronExpression(parsing: "0 0 30,31 FEB */2").isSatisfiable)
        #expect(try CronExpression(parsing: "0 0 31 4,7 *").isSatisfiable)
        // Either day field may match, and Mondays exist in February.
        #expect(try CronExpression(parsing: "0 0 30 2 MON").isSatisfiable)
        #expect(try fires("0 0 30 2 MON", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-02-02T00:00:00Z"])
    }

    @Test func unsatisfiableExpressionsNeverFire() throws {
        let expression = try CronExpression(parsing: "0 0 30 2 *")
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: 0), in: utc) == nil)
        #expect(Array(expression.fires(after: Date(timeIntervalSince1970: 0), in: utc)).isEmpty)
    }

    @Test func instantsBeyondTheCalendarHaveNoNextFire() throws {
        let expression = try CronExpression(parsing: "* * * * *")
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: .infinity), in: utc) == nil)
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: .nan), in: utc) == nil)
        #expect(expression.nextFire(after: .distantFuture, in: utc) != nil)
    }

    @Test func firesAreComputedOnlyAsTheyAreRead() throws {
        let every = try CronExpression(parsing: "* * * * *")
        let utc = try #require(TimeZone(identifier: "UTC"))
        let thousandth = every.fires(after: Date(timeIntervalSince1970: 0), in: utc).dropFirst(999).first { _ in true }
        #expect(thousandth == Date(timeIntervalSince1970: 60_000))
    }
}
