import Foundation
import Testing

@testable import RotaModel

/// ISO-8601 times as Rota writes them (the API's milliseconds, resources' fractions only when
/// there are some, cron's wall time with its zone's offset) and every form it reads.
@Suite("ISO-8601 timestamps")
struct TimestampTests {
    private let midnight = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z
    private let monday9 = Date(timeIntervalSince1970: 1_795_420_800)  // 2026-11-23T08:00:00Z

    private func zone(_ identifier: String) throws -> TimeZone {
        try #require(TimeZone(identifier: identifier))
    }

    @Test func theAPIWritesUTCWithMillisecondsTruncated() {
        #expect(Timestamp.string(midnight) == "2026-11-01T00:00:00.000Z")
        #expect(Timestamp.string(midnight.addingTimeInterval(0.12)) == "2026-11-01T00:00:00.120Z")
        #expect(Timestamp.string(midnight.addingTimeInterval(3723.9996)) == "2026-11-01T01:02:03.999Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func resourcesAreWrittenWithFractionsOnlyWhenThereAreSome() {
        #expect(Timestamp.string(midnight, fraction: .asNeeded) == "2026-11-01T00:00:00Z")
        #expect(Timestamp.string(midnight.addingTimeInterval(0.25), fraction: .asNeeded) == "2026-11-01T00:00:00.25Z")
        #expect(Timestamp.string(midnight.addingTimeInterval(3723.000_001), fraction: .asNeeded) == "2026-11-01T01:02:03.000001Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: -1), fraction: .asNeeded) == "1969-12-31T23:59:59Z")
    }

    @Test func aZoneGivesWallTimeWithItsOffset() throws {
        #expect(Timestamp.string(monday9, fraction: .asNeeded, in: try zone("Europe/Berlin")) == "2026-11-23T09:00:00+01:00")
        #expect(Timestamp.string(monday9, fraction: .asNeeded, in: try zone("America/New_York")) == "2026-11-23T03:00:00-05:00")
        #expect(Timestamp.string(monday9, fraction: .asNeeded, in: try zone("Asia/Kolkata")) == "2026-11-23T13:30:00+05:30")
        #expect(Timestamp.string(monday9, fraction: .milliseconds, in: try zone("Asia/Kolkata")) == "2026-11-23T13:30:00.000+05:30")
    }

    @Test func aZeroOffsetIsWrittenAsZ() throws {
        #expect(Timestamp.string(monday9, fraction: .asNeeded, in: try zone("UTC")) == "2026-11-23T08:00:00Z")
        #expect(Timestamp.string(monday9, fraction: .asNeeded, in: try zone("Europe/London")) == "2026-11-23T08:00:00Z")
    }

    @Test func anOffsetOfOddSecondsIsWrittenWithItsSecondsAndReadBack() throws {
        let epoch = Date(timeIntervalSince1970: 0)
        let monrovia = try zone("Africa/Monrovia")
        try #require(monrovia.secondsFromGMT(for: epoch) == -2670)
        #expect(Timestamp.string(epoch, fraction: .asNeeded, in: monrovia) == "1969-12-31T23:15:30-00:44:30")
        #expect(Timestamp.date("1969-12-31T23:15:30-00:44:30") == epoch)
    }

    @Test(arguments: [
        ("2026-11-01T00:00:00Z", 0.0), ("2026-11-01t00:00:00z", 0), ("2026-11-01 00:00:00Z", 0),
        ("2026-11-01T00:00:00UTC", 0), ("2026-11-01T00:00:00GMT", 0),
        ("2026-11-01T01:00:00+01:00", 0), ("2026-10-31T19:30:00-0430", 0), ("2026-11-01T02:00:00+02", 0),
        ("2026-11-01T00:17:30+00:17:30", 0), ("2026-11-01T00:00", 0), ("2026-11-01T01:00+01:00", 0),
        ("2026-11-01T00:00:00.25Z", 0.25), ("2026-11-01T00:00:00,25Z", 0.25), ("2026-11-01T00:00:00.250000000000000000001Z", 0.25),
        ("2026-11-01T01:00:00.5+01:00", 0.5), ("  2026-11-01T00:00:00Z\t", 0), ("2026-10-31T24:00:00Z", 0), ("2026-10-31T24:00Z", 0),
        ("2026-10-31T23:59:60Z", 0),
    ])
    func readsEveryFormOfATime(_ text: String, _ fraction: Double) {
        #expect(Timestamp.date(text) == midnight.addingTimeInterval(fraction), "\(text)")
    }

    @Test func readsADateAloneAsItsMidnight() throws {
        #expect(Timestamp.date("2026-11-01") == midnight)
        #expect(Timestamp.date(" 2026-11-01 ") == midnight)
        #expect(Timestamp.date("2026-11-01", wallTimeIn: try zone("Europe/Berlin")) == midnight.addingTimeInterval(-3600))
    }

    @Test func readsATimeWithoutOffsetAsUTCUnlessAZoneIsGiven() throws {
        #expect(Timestamp.date("2026-11-01T00:00:00") == midnight)
        let berlin = try zone("Europe/Berlin")
        #expect(Timestamp.date("2026-11-23T09:00", wallTimeIn: berlin) == monday9)
        #expect(Timestamp.date("2026-11-23T08:00:00Z", wallTimeIn: berlin) == monday9)
        #expect(Timestamp.date("2026-11-23T03:00-0500", wallTimeIn: berlin) == monday9)
    }

    @Test func aWallTimeTheClockSkipsIsTheJumpAndOneItShowsTwiceIsTheFirst() throws {
        let berlin = try zone("Europe/Berlin")
        #expect(Timestamp.date("2026-03-29T02:30:00", wallTimeIn: berlin) == Date(timeIntervalSince1970: 1_774_746_000))
        #expect(Timestamp.date("2026-10-25T02:30:00", wallTimeIn: berlin) == Date(timeIntervalSince1970: 1_792_888_200))
    }

    @Test(arguments: [
        "", "tomorrow", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-02-30", "2026-11-01T25:00:00Z", "2026-11-01T24:00:01Z",
        "2026-11-01T24:30Z", "2026-11-01T00:60:00Z", "2026-11-01T00:00:61Z", "2026-11-01T00:00:00.Z", "2026-11-01T00:00:00+25:00",
        "2026-11-01T00:00:00+01:60", "2026-11-01T00:00:00+1", "2026-11-01T00:00:00Zjunk", "2026-11-01T00:00:00 +01:00",
        "2026-11-01T00:00:00 CET", "2026-1-01T00:00:00Z", "2026-11-01T", "2026-11-01T00", "+2026-11-01T00:00:00Z", "2026-11-01X00:00",
    ])
    func refusesWhatIsNotATime(_ text: String) {
        #expect(Timestamp.date(text) == nil)
    }

    @Test func writtenTimesReadBack() {
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000, by: 86_399.125) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.date(Timestamp.string(date, fraction: .asNeeded)) == date)
            #expect(Timestamp.date(Timestamp.string(date)) == date)
        }
    }
}
