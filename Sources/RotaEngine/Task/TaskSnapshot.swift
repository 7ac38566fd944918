import Foundation
import RotaModel

/// The stored form of a running task: versioned and Codable, so that a restarted core resumes
/// every run in its step with the answers it had received.
public struct TaskSnapshot: Sendable, Hashable, Codable {
    /// The format this version of Rota writes.
    public static let currentFormat = 1

    public var format: Int
    public var id: TaskId
    public var workflow: Workflow
    /// The version of the workflow's definition; absent in snapshots of Rota before versions, read as 1.
    public var workflowVersion: Int?
    public var createdAt: Date
    public var phase: RunningTask.Phase
    public var steps: [StepRecord]
    /// Sorted, so that equal states store equal bytes.
    public var waitingFor: [SubscriberId]
    /// The blocking subscribers that failed the current attempt, sorted; absent in snapshots of
    /// Rota before retries, read as none.
    public var failedInAttempt: [SubscriberId]?
    /// The current step's next attempt, waiting out its backoff.
    public var pendingRetry: PendingRetry?
    public var deadline: Date?
    public var progress: TaskProgress
    /// The runs that led to this one; absent in snapshots of Rota before cascades, read as none.
    public var cascade: Cascade?
    /// The run's input; absent in snapshots of Rota before inputs, read as none.
    public var input: [String: JSONValue]?
}

/// A snapshot this version of Rota cannot resume.
public struct UnreadableSnapshot: Error, Sendable, Hashable, CustomStringConvertible {
    public let taskId: TaskId
    public let reason: String

    public var description: String { "task \(taskId): \(reason)" }
}

extension RunningTask {
    /// The task's state to store.
    public var snapshot: TaskSnapshot {
        TaskSnapshot(
            format: TaskSnapshot.currentFormat, id: id, workflow: workflow, workflowVersion: workflowVersion, createdAt: createdAt, phase: phase, steps: steps,
            waitingFor: waitingFor.sorted(), failedInAttempt: failedInAttempt.isEmpty ? nil : failedInAttempt.sorted(), pendingRetry: pendingRetry,
            deadline: deadline, progress: progress, cascade: cascade, input: input.isEmpty ? nil : input)
    }

    /// Restores a task from its stored state.
    public init(snapshot: TaskSnapshot) throws(UnreadableSnapshot) {
        guard snapshot.format == TaskSnapshot.currentFormat else {
            throw UnreadableSnapshot(taskId: snapshot.id, reason: "stored in format \(snapshot.format); this Rota reads format \(TaskSnapshot.currentFormat)")
        }
        guard snapshot.steps.map(\.name) == snapshot.workflow.steps.map(\.name) else {
            throw UnreadableSnapshot(taskId: snapshot.id, reason: "its step records do not match its workflow's steps")
        }
        if case .running(let index) = snapshot.phase, !snapshot.steps.indices.contains(index) {
            throw UnreadableSnapshot(taskId: snapshot.id, reason: "its current step \(index) does not exist")
        }
        self.init(
            id: snapshot.id, workflow: snapshot.workflow, workflowVersion: snapshot.workflowVersion ?? 1, createdAt: snapshot.createdAt,
            cascade: snapshot.cascade ?? Cascade(), input: snapshot.input ?? [:])
        restore(
            phase: snapshot.phase, steps: snapshot.steps, waitingFor: Set(snapshot.waitingFor), failedInAttempt: Set(snapshot.failedInAttempt ?? []),
            pendingRetry: snapshot.pendingRetry, deadline: snapshot.deadline, progress: snapshot.progress)
    }
}
