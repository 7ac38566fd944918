import Foundation

/// The progress of copying one table, told on standard error: at most once a second while it
/// runs, and once when the table is done, with the rows copied so far and the rows per second.
struct CopyProgress {
    /// The least time between two reports of the same table.
    static let interval: Duration = .seconds(1)

    let table: String
    let console: Console
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastReport: ContinuousClock.Instant

    init(table: String, console: Console) {
        self.table = table
        self.console = console
        started = clock.now
        lastReport = started
    }

    /// Reports `rows` copied so far when the last report is a second old.
    mutating func copied(_ rows: Int) {
        let now = clock.now
        guard now - lastReport >= Self.interval else { return }
        lastReport = now
        console.printError("copying \(table): \(rows) rows, \(rate(rows, now: now)) rows/s")
    }

    /// Reports the table done with `rows` rows.
    func finished(_ rows: Int) {
        let now = clock.now
        let elapsed = Self.seconds(now - started)
        console.printError("copied \(table): \(rows) rows in \(String(format: "%.1f", elapsed)) s, \(rate(rows, now: now)) rows/s")
    }

    private func rate(_ rows: Int, now: ContinuousClock.Instant) -> Int {
        let elapsed = Self.seconds(now - started)
        return elapsed > 0 ? Int((Double(rows) / elapsed).rounded()) : rows
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
