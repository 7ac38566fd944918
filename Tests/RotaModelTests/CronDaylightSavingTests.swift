import Foundation
import Testing

@testable import RotaModel

/// Rota's daylight-saving policy: a skipped wall time fires once when the clock jumps, and a
/// repeated wall time fires only the first time. Checked around the 2026 changes in New York
/// (2026-03-08 02:00 EST to 03:00 EDT, 2026-11-01 02:00 EDT back to 01:00 EST) and Berlin
/// (2026-03-29 02:00 CET to 03:00 CEST, 2026-10-25 03:00 CEST back to 02:00 CET).
@Suite("Cron across daylight-saving changes")
struct CronDaylightSavingTests {
    private func fires(_ text: String, after start: String, count: Int, in zone: String) throws -> [String] {
        let timeZone = try #require(TimeZone(identifier: zone))
        let instant = try #require(Timestamp.date(start, wallTimeIn: timeZone))
        return try CronExpression(parsing: text).fires(after: instant, in: timeZone).prefix(count)
            .map { Timestamp.string($0, fraction: .asNeeded, in: timeZone) }
    }

    @Test func skippedTimeFiresWhenTheClockJumpsInNewYork() throws {
        #expect(try fires("30 2 * * *", after: "2026-03-07T12:00:00-05:00", count: 2, in: "America/New_York") == [
            "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00",
        ])
    }

    @Test func skippedTimesCollapseIntoOneFireInNewYork() throws {
        #expect(try fires("*/15 2 * * *", after: "2026-03-08T00:00:00-05:00", count: 3, in: "America/New_York") == [
            "2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-09T02:15:00-04:00",
        ])
        #expect(try fires("0,30 2,3 8 3 *", after: "2026-03-08T00:00:00-05:00", count: 3, in: "America/New_York") == [
            "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00", "2027-03-08T02:00:00-05:00",
        ])
        #expect(try fires("0 * * * *", after: "2026-03-08T00:30:00-05:00", count: 3, in: "America/New_York") == [
            "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00",
        ])
    }

    @Test func repeatedTimeFiresOnlyTheFirstTimeInNewYork() throws {
        #expect(try fires("30 1 * * *", after: "2026-10-31T12:00:00-04:00", count: 2, in: "America/New_York") == [
            "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00",
        ])
        #expect(try fires("0 * * * *", after: "2026-11-01T00:30:00-04:00", count: 3, in: "America/New_York") == [
            "2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00",
        ])
        #expect(try fires("* * * * *", after: "2026-11-01T01:59:00-04:00", count: 2, in: "America/New_York") == [
            "2026-11-01T02:00:00-05:00", "2026-11-01T02:01:00-05:00",
        ])
    }

    @Test func startingInsideTheRepeatedHourSkipsWallTimesAlreadyFired() throws {
        #expect(try fires("45 1 * * *", after: "2026-11-01T01:15:00-05:00", count: 1, in: "America/New_York") == [
            "2026-11-02T01:45:00-05:00",
        ])
    }

    @Test func skippedTimeFiresWhenTheClockJumpsInBerlin() throws {
        #expect(try fires("30 2 * * *", after: "2026-03-28T12:00:00+01:00", count: 2, in: "Europe/Berlin") == [
            "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00",
        ])
        #expect(try fires("0 2 29 3 *", after: "2026-01-01T00:00:00+01:00", count: 2, in: "Europe/Berlin") == [
            "2026-03-29T03:00:00+02:00", "2027-03-29T02:00:00+02:00",
        ])
    }

    @Test func repeatedTimeFiresOnlyTheFirstTimeInBerlin() throws {
        #expect(try fires("30 2 * * *", after: "2026-10-24T12:00:00+02:00", count: 2, in: "Europe/Berlin") == [
            "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
        ])
        #expect(try fires("*/20 2 * * *", after: "2026-10-25T00:00:00+02:00", count: 4, in: "Europe/Berlin") == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:20:00+02:00", "2026-10-25T02:40:00+02:00",
            "2026-10-26T02:00:00+01:00",
        ])
    }

    @Test func wallTimesResolveToInstantsByThePolicy() throws {
        let resolver = WallClockResolver(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        let skipped = WallClockTime(year: 2026, month: 3, day: 29, hour: 2, minute: 30).seconds
        let repeated = WallClockTime(year: 2026, month: 10, day: 25, hour: 2, minute: 30).seconds
        #expect(resolver.firstInstant(showing: skipped) == 1_774_746_000)  // 2026-03-29T01:00:00Z
        #expect(resolver.firstInstant(showing: repeated) == 1_792_888_200)  // 2026-10-25T00:30:00Z
    }

    @Test func zonesThatMovedTheirStandardOffsetAreFollowed() throws {
        // Samoa skipped 2011-12-30 entirely, moving from UTC-10 to UTC+14: its noon fires when
        // the skipped day ends.
        #expect(try fires("0 12 * * *", after: "2011-12-29T00:00:00-10:00", count: 3, in: "Pacific/Apia") == [
            "2011-12-29T12:00:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-31T12:00:00+14:00",
        ])
        #expect(try fires("0 12 30 12 *", after: "2011-12-01T00:00:00-10:00", count: 2, in: "Pacific/Apia") == [
            "2011-12-31T00:00:00+14:00", "2012-12-30T12:00:00+14:00",
        ])
    }
}
