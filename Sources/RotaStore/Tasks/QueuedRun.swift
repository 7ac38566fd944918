import Foundation
import RotaEngine
import RotaModel

/// A run that waits for the active run of its workflow to end (surpass policy `Wait`). It has its
/// task id from the moment it is queued, and is stored, so that a restart keeps it.
public struct QueuedRun: Sendable, Hashable, Codable {
    /// The id the run has once it starts, and already while it waits.
    public var taskId: TaskId
    public var workflowId: String
    /// The cascade the run continues when it starts.
    public var cascade: Cascade
    public var queuedAt: Date
    /// Who asked for the run, for the log.
    public var reason: String
    /// What the run starts with; absent in runs queued by Rota before inputs.
    public var input: [String: JSONValue]?

    public init(taskId: TaskId, workflowId: String, cascade: Cascade, queuedAt: Date, reason: String, input: [String: JSONValue] = [:]) {
        self.taskId = taskId
        self.workflowId = workflowId
        self.cascade = cascade
        self.queuedAt = queuedAt
        self.reason = reason
        self.input = input.isEmpty ? nil : input
    }
}
