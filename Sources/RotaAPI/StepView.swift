import Foundation

/// One step of a run, running or finished.
public struct StepView: APIContract, Hashable {
    public var name: String
    /// `pending`, `running`, `succeeded`, `failed`, `timed_out` or `stopped`.
    public var state: String
    @Nullable public var startedAt: Date?
    @Nullable public var endedAt: Date?
    public var errors: Int
    /// Percent done, 0 to 100, to a tenth.
    public var progress: Double

    public init(name: String, state: String, startedAt: Date?, endedAt: Date?, errors: Int, progress: Double) {
        self.name = name
        self.state = state
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.errors = errors
        self.progress = progress
    }

    /// Whether the step is over, whichever way it ended.
    public var hasEnded: Bool { !["pending", "running"].contains(state) }

    private enum CodingKeys: String, CodingKey {
        case name, state, errors, progress
        case startedAt = "started_at"
        case endedAt = "ended_at"
    }

    public static let schemaName = "Step"
    public static let example = StepView(name: "collect", state: "succeeded", startedAt: ExampleTime.date, endedAt: ExampleTime.date, errors: 0, progress: 100)
}
