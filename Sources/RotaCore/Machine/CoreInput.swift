import Foundation
import RotaEngine
import RotaModel
import RotaStore

/// Everything that can happen to the core, as `CoreMachine` takes it.
public enum CoreInput: Sendable {
    /// The core starts: what the store holds.
    case restore(CoreRestore)
    /// A workflow was added or replaced; its triggers apply at once.
    case define(Workflow, version: Int)
    /// A workflow was removed; runs already going finish.
    case remove(workflow: String)
    /// A message arrived.
    case message(Message, from: MessageOrigin)
    /// The clock moved on.
    case tick
    /// The subscribers changed; running steps stop waiting for the `removed` subscriptions.
    case subscribersChanged(SubscriberDirectory, removed: [SubscriptionRemoval])
    /// A request to start a run of `workflow`. `cascade` is nil for a request from outside (the
    /// API, the schedule); a run's command passes its run's event cascade, and the start is cut
    /// when that is too deep. `input` is what the run starts with.
    case start(workflow: String, reason: String, cascade: Cascade?, input: [String: JSONValue] = [:])
    /// A request to stop a run, running or queued.
    case stop(TaskId, reason: String)
    /// Notes for a running task's log, in its current step.
    case note([String], task: TaskId)
    /// Command `number` of a run has ended with `result`.
    case commandFinished(TaskId, number: Int, step: String, result: CommandResult)
    /// The batch numbered `batch` is stored.
    case stored(batch: Int)
    /// The batch numbered `batch` could not be stored.
    case storeFailed(batch: Int)
    /// The core stops: whatever is left to store is stored, the list of published messages too.
    case finish
}

/// A subscription that went away: all of a subscriber's (`messageType` nil) or one of them.
public struct SubscriptionRemoval: Sendable, Hashable {
    public let subscriber: SubscriberId
    public let messageType: String?

    public init(subscriber: SubscriberId, messageType: String?) {
        self.subscriber = subscriber
        self.messageType = messageType
    }
}

/// What the core finds in its store when it starts.
public struct CoreRestore: Sendable {
    public var workflows: [Versioned<Workflow>]
    public var subscribers: SubscriberDirectory
    /// The runs that had not finished.
    public var running: [TaskSnapshot]
    /// The runs queued behind the active run of their workflow.
    public var queued: [QueuedRun]
    /// The messages stored and not known to be published.
    public var unpublished: [OutboxMessage]
    /// When each cron trigger last fired, by trigger key.
    public var lastFires: [String: Date]

    public init(
        workflows: [Versioned<Workflow>], subscribers: SubscriberDirectory, running: [TaskSnapshot] = [], queued: [QueuedRun] = [],
        unpublished: [OutboxMessage] = [], lastFires: [String: Date] = [:]
    ) {
        self.workflows = workflows
        self.subscribers = subscribers
        self.running = running
        self.queued = queued
        self.unpublished = unpublished
        self.lastFires = lastFires
    }
}
