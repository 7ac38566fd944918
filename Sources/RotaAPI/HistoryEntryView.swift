import Foundation
import RotaModel

/// A finished run as `GET /history` lists it.
public struct HistoryEntryView: APIContract, Hashable {
    /// How a run ended.
    public enum Outcome: String, Codable, Sendable, Hashable {
        case success, failure, stopped
    }

    public var taskId: String
    public var workflow: String
    public var workflowVersion: Int
    public var startedAt: Date
    public var finishedAt: Date
    /// Seconds from the first step's start to the end, to a millisecond.
    public var duration: Double
    public var success: Bool
    public var outcome: Outcome
    /// Why a run failed or was stopped; absent for a success.
    public var reason: String?
    public var errors: Int
    /// What the run was started with; `{}` when nothing.
    public var input: [String: JSONValue]

    public init(
        taskId: String, workflow: String, workflowVersion: Int, startedAt: Date, finishedAt: Date, duration: Double, outcome: Outcome,
        reason: String?, errors: Int, input: [String: JSONValue] = [:]
    ) {
        self.taskId = taskId
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.duration = duration
        self.success = outcome == .success
        self.outcome = outcome
        self.reason = reason
        self.errors = errors
        self.input = input
    }

    /// Reads an entry; one from a core without inputs has none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taskId = try container.decode(String.self, forKey: .taskId)
        workflow = try container.decode(String.self, forKey: .workflow)
        workflowVersion = try container.decode(Int.self, forKey: .workflowVersion)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        finishedAt = try container.decode(Date.self, forKey: .finishedAt)
        duration = try container.decode(Double.self, forKey: .duration)
        success = try container.decode(Bool.self, forKey: .success)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        errors = try container.decode(Int.self, forKey: .errors)
        input = try container.decodeIfPresent([String: JSONValue].self, forKey: .input) ?? [:]
    }

    private enum CodingKeys: String, CodingKey {
        case workflow, duration, success, outcome, reason, errors, input
        case taskId = "task_id"
        case workflowVersion = "workflow_version"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    public static let schemaName = "HistoryEntry"
    public static let example = HistoryEntryView(
        taskId: "5c0e2f1a", workflow: "nightly", workflowVersion: 3, startedAt: ExampleTime.date, finishedAt: ExampleTime.date, duration: 185.25,
        outcome: .failure, reason: "step collect timed out", errors: 2, input: ["account": "123"])
}
