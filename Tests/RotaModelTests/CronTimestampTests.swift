import Foundation
import Testing

@testable import RotaModel

/// ISO-8601 times as `rota cron next` prints and reads them.
@Suite("Cron timestamps")
struct CronTimestampTests {
    private let monday9 = Date(timeIntervalSince1970: 1_795_420_800)  // 2026-11-23T08:00:00Z

    @Test func printsWallTimeWithTheZonesOffset() throws {
        #expect(CronTimestamp.string(for: monday9, in: try #require(TimeZone(identifier: "Europe/Berlin"))) == "2026-11-23T09:00:00+01:00")
        #expect(CronTimestamp.string(for: monday9, in: try #require(TimeZone(identifier: "America/New_York"))) == "2026-11-23T03:00:00-05:00")
        #expect(CronTimestamp.string(for: monday9, in: try #require(TimeZone(identifier: "Asia/Kolkata"))) == "2026-11-23T13:30:00+05:30")
    }

    @Test func printsAZeroOffsetAsZ() throws {
        #expect(CronTimestamp.string(for: monday9, in: try #require(TimeZone(identifier: "UTC"))) == "2026-11-23T08:00:00Z")
        #expect(CronTimestamp.string(for: monday9, in: try #require(TimeZone(identifier: "Europe/London"))) == "2026-11-23T08:00:00Z")
    }

    @Test func readsTimesWithAnOffset() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(CronTimestamp.date(from: "2026-11-23T08:00:00Z", wallTimeIn: berlin) == monday9)
        #expect(CronTimestamp.date(from: "2026-11-23T09:00:00+01:00", wallTimeIn: berlin) == monday9)
        #expect(CronTimestamp.date(from: "2026-11-23T03:00-0500", wallTimeIn: berlin) == monday9)
        #expect(CronTimestamp.date(from: "2026-11-23 08:00:00z", wallTimeIn: berlin) == monday9)
        #expect(CronTimestamp.date(from: "2026-11-23T08:00:00.250Z", wallTimeIn: berlin) == monday9.addingTimeInterval(0.25))
    }

    @Test func readsTimesWithoutAnOffsetAsWallTimeInTheZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(CronTimestamp.date(from: "2026-11-23T09:00", wallTimeIn: berlin) == monday9)
        #expect(CronTimestamp.date(from: "2026-03-29T02:30:00", wallTimeIn: berlin) == Date(timeIntervalSince1970: 1_774_746_000))
        #expect(CronTimestamp.date(from: "2026-10-25T02:30:00", wallTimeIn: berlin) == Date(timeIntervalSince1970: 1_792_888_200))
    }

    @Test func rejectsTextThatIsNotATime() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        for text in ["", "tomorrow", "2026-11-23", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T09:00:00+25:00", "2026-11-23T09:00:00 CET"] {
            #expect(CronTimestamp.date(from: text, wallTimeIn: utc) == nil, "\(text)")
        }
    }
}
