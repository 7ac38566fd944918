import Foundation
import Testing

@testable import RotaModel

@Suite("ISO-8601 times of resources")
struct ISO8601TimeTests {
    let midnight = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z

    @Test func readsUTCOffsetsAndFractions() {
        #expect(ISO8601Time.date(from: "2026-11-01T00:00:00Z") == midnight)
        #expect(ISO8601Time.date(from: "2026-11-01t00:00:00z") == midnight)
        #expect(ISO8601Time.date(from: "2026-11-01 00:00:00Z") == midnight)
        #expect(ISO8601Time.date(from: "2026-11-01T01:00:00+01:00") == midnight)
        #expect(ISO8601Time.date(from: "2026-10-31T19:30:00-0430") == midnight)
        #expect(ISO8601Time.date(from: "2026-11-01T02:00:00+02") == midnight)
        #expect(ISO8601Time.date(from: "2026-11-01T00:00") == midnight)
        #expect(ISO8601Time.date(from: "2026-11-01T00:00:00.25Z") == midnight.addingTimeInterval(0.25))
    }

    @Test func readsATimeWithoutOffsetAsUTC() {
        #expect(ISO8601Time.date(from: "2026-11-01T00:00:00") == midnight)
    }

    @Test(arguments: [
        "", "2026-11-01", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T00:60:00Z",
        "2026-11-01T00:00:60Z", "2026-11-01T00:00:00.Z", "2026-11-01T00:00:00+25:00", "2026-11-01T00:00:00Zjunk", "tomorrow",
        "2026-1-01T00:00:00Z",
    ])
    func refusesWhatIsNotATime(_ text: String) {
        #expect(ISO8601Time.date(from: text) == nil)
    }

    @Test func writesUTCWithFractionsOnlyWhenThereAreSome() {
        #expect(ISO8601Time.string(from: midnight) == "2026-11-01T00:00:00Z")
        #expect(ISO8601Time.string(from: midnight.addingTimeInterval(0.25)) == "2026-11-01T00:00:00.25Z")
        #expect(ISO8601Time.string(from: midnight.addingTimeInterval(3723.000_001)) == "2026-11-01T01:02:03.000001Z")
        #expect(ISO8601Time.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func writtenTimesReadBack() {
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000, by: 86_399.125) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISO8601Time.date(from: ISO8601Time.string(from: date)) == date)
        }
    }
}
