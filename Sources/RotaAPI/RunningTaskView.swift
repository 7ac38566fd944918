import Foundation
import RotaModel

/// A running task as `GET /tasks/{task_id}` answers it: the summary, every step's state, whom
/// the current step waits for and its deadline.
public struct RunningTaskView: APIContract, Hashable {
    public var summary: TaskSummary
    /// Always `running`.
    public var state: String
    public var workflowVersion: Int
    /// The subscribers the current step waits for.
    public var waitingFor: [String]
    @Nullable public var deadline: Date?
    public var steps: [StepView]
    /// The progress report of docs/PROTOCOL.md for the whole run.
    public var progressTree: JSONValue
    /// What the run was started with; `{}` when nothing.
    public var input: [String: JSONValue]
    /// When the current step's next attempt begins, while it waits out its backoff.
    @Nullable public var retryAt: Date?

    public init(
        summary: TaskSummary, state: String = "running", workflowVersion: Int, waitingFor: [String], deadline: Date?, steps: [StepView],
        progressTree: JSONValue, input: [String: JSONValue] = [:], retryAt: Date? = nil
    ) {
        self.summary = summary
        self.state = state
        self.workflowVersion = workflowVersion
        self.waitingFor = waitingFor
        self.deadline = deadline
        self.steps = steps
        self.progressTree = progressTree
        self.input = input
        self.retryAt = retryAt
    }

    private enum CodingKeys: String, CodingKey {
        case state, deadline, steps, input
        case retryAt = "retry_at"
        case workflowVersion = "workflow_version"
        case waitingFor = "waiting_for"
        case progressTree = "progress_tree"
    }

    public init(from decoder: Decoder) throws {
        summary = try TaskSummary(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(String.self, forKey: .state)
        workflowVersion = try container.decode(Int.self, forKey: .workflowVersion)
        waitingFor = try container.decode([String].self, forKey: .waitingFor)
        _deadline = try container.decode(Nullable<Date>.self, forKey: .deadline)
        steps = try container.decode([StepView].self, forKey: .steps)
        progressTree = try container.decode(JSONValue.self, forKey: .progressTree)
        input = try container.decodeIfPresent([String: JSONValue].self, forKey: .input) ?? [:]
        _retryAt = try container.decodeIfPresent(Nullable<Date>.self, forKey: .retryAt) ?? Nullable(wrappedValue: nil)
    }

    public func encode(to encoder: Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(workflowVersion, forKey: .workflowVersion)
        try container.encode(waitingFor, forKey: .waitingFor)
        try container.encode(_deadline, forKey: .deadline)
        try container.encode(steps, forKey: .steps)
        try container.encode(progressTree, forKey: .progressTree)
        try container.encode(input, forKey: .input)
        try container.encode(_retryAt, forKey: .retryAt)
    }

    public static let schemaName = "RunningTask"
    public static let example = RunningTaskView(
        summary: .example, workflowVersion: 3, waitingFor: ["worker-1"], deadline: ExampleTime.date, steps: [.example],
        progressTree: ["kind": "progress", "name": "nightly", "path": [], "current": 1, "total": 2], input: ["account": "123"])
}
