import Foundation
import RotaEngine
import RotaModel

/// A finished run: when it ran, how it ended, and every step's start, end and outcome.
public struct HistoryEntry: Sendable, Hashable, Codable {
    public var taskId: TaskId
    public var workflowId: String
    /// The version of the workflow definition the run used.
    public var workflowVersion: Int
    public var startedAt: Date
    public var finishedAt: Date
    public var outcome: TaskOutcome
    /// Errors reported over all steps.
    public var errors: Int
    public var steps: [StepRecord]
    /// What the run was started with; absent in entries of Rota before inputs.
    public var input: [String: JSONValue]?

    public init(
        taskId: TaskId, workflowId: String, workflowVersion: Int, startedAt: Date, finishedAt: Date, outcome: TaskOutcome,
        errors: Int, steps: [StepRecord], input: [String: JSONValue] = [:]
    ) {
        self.taskId = taskId
        self.workflowId = workflowId
        self.workflowVersion = workflowVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.errors = errors
        self.steps = steps
        self.input = input.isEmpty ? nil : input
    }

    /// Seconds from start to end.
    public var duration: TimeInterval { finishedAt.timeIntervalSince(startedAt) }
}

/// Which finished runs to list.
public struct HistoryQuery: Sendable, Hashable {
    public var workflowId: String?
    public var startedAfter: Date?
    public var startedBefore: Date?
    /// Only runs with errors (true), only runs without (false), or all (nil).
    public var hasErrors: Bool?
    public var limit: Int

    public init(workflowId: String? = nil, startedAfter: Date? = nil, startedBefore: Date? = nil, hasErrors: Bool? = nil, limit: Int = 100) {
        self.workflowId = workflowId
        self.startedAfter = startedAfter
        self.startedBefore = startedBefore
        self.hasErrors = hasErrors
        self.limit = limit
    }
}

/// The history of one workflow in figures.
public struct HistorySummary: Sendable, Hashable, Codable {
    public var workflowId: String
    public var count: Int
    public var lastRun: Date
    public var runsWithErrors: Int
    /// Mean seconds from start to end.
    public var averageDuration: TimeInterval

    public init(workflowId: String, count: Int, lastRun: Date, runsWithErrors: Int, averageDuration: TimeInterval) {
        self.workflowId = workflowId
        self.count = count
        self.lastRun = lastRun
        self.runsWithErrors = runsWithErrors
        self.averageDuration = averageDuration
    }
}
