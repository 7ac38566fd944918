import Foundation

/// The history of one workflow in figures, as `GET /history/summary` lists it.
public struct HistorySummaryView: APIContract, Hashable {
    public var workflow: String
    public var count: Int
    public var lastRun: Date
    public var runsWithErrors: Int
    /// Seconds, to a millisecond.
    public var averageDuration: Double

    public init(workflow: String, count: Int, lastRun: Date, runsWithErrors: Int, averageDuration: Double) {
        self.workflow = workflow
        self.count = count
        self.lastRun = lastRun
        self.runsWithErrors = runsWithErrors
        self.averageDuration = averageDuration
    }

    private enum CodingKeys: String, CodingKey {
        case workflow, count
        case lastRun = "last_run"
        case runsWithErrors = "runs_with_errors"
        case averageDuration = "average_duration"
    }

    public static let schemaName = "HistorySummary"
    public static let example = HistorySummaryView(workflow: "nightly", count: 12, lastRun: ExampleTime.date, runsWithErrors: 1, averageDuration: 61.5)
}
