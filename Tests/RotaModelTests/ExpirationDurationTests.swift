import Testing

@testable import RotaModel

/// The durations of expiration tags: what is read, and that anything else is refused.
@Suite("Expiration durations")
struct ExpirationDurationTests {
    @Test(arguments: [
        ("2h", 7200), ("3d", 259_200), ("1w2d", 777_600), ("30min", 1800), ("30m", 1800), ("45s", 45), ("1h30m", 5400),
        ("1d1h1min1s", 90061), ("0h", 0), (" 2h ", 7200), ("2h1h", 10800),
    ])
    func readsNumbersWithUnits(_ text: String, _ seconds: Int) {
        #expect(ExpirationDuration(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "2", "h", "2 h", "1.5h", "-2h", "2hours", "2H", "2y", "1w 2d", "never", "2h30", "9999999999999h"])
    func refusesAnythingElse(_ text: String) {
        #expect(ExpirationDuration(parsing: text) == nil)
    }
}
