import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaStore
import RotaTestSupport

/// Drives a `CoreMachine` in tests: keeps the time, remembers every action, and plays the shell
/// in the simplest way (a store succeeds when told, in one step).
struct CoreMachineHarness {
    var machine: CoreMachine
    var now = Date(timeIntervalSince1970: 1_800_000_000)
    /// Every action, in order.
    private(set) var actions: [CoreAction] = []
    /// The batch the machine asked to store and that is not stored yet.
    private(set) var storing: StoreBatch?
    /// What the store holds, batch after batch.
    private(set) var stored = StoredModel()

    /// A machine restored from `restore` (an empty store by default). A machine restarted from
    /// another's store needs a `seed` of its own, as a restarted core draws new random ids.
    init(
        workflows: [Workflow], subscribers: [Subscriber] = [], cascadeLimit: Int = Cascade.defaultLimit, restore: StoredModel? = nil,
        seed: UInt64 = 7
    ) {
        machine = CoreMachine(timeZone: TimeZone(identifier: "UTC")!, cascadeLimit: cascadeLimit, ids: .seeded(seed))
        let model = restore ?? StoredModel()
        stored = model
        handle(
            .restore(
                CoreRestore(
                    workflows: workflows.map { Versioned($0, version: 1) }, subscribers: SubscriberDirectory(subscribers),
                    running: Array(model.running.values), queued: Array(model.queued.values),
                    unpublished: model.outbox.values.sorted { $0.position < $1.position }, lastFires: model.fires)))
    }

    /// Feeds one input; returns its transition.
    @discardableResult
    mutating func handle(_ input: CoreInput) -> CoreTransition {
        let transition = machine.handle(input, at: now)
        actions += transition.actions
        for case .store(let batch) in transition.actions { storing = batch }
        return transition
    }

    /// Stores the batch being stored, if any, and tells the machine; returns the transition.
    @discardableResult
    mutating func storeOne() -> CoreTransition? {
        guard let batch = storing else { return nil }
        storing = nil
        stored.apply(batch.changes)
        return handle(.stored(batch: batch.number))
    }

    /// Stores batches until none is left.
    mutating func storeAll() {
        while storeOne() != nil {}
    }

    /// Fails the batch being stored.
    mutating func failStore() {
        guard let batch = storing else { return }
        storing = nil
        handle(.storeFailed(batch: batch.number))
    }

    /// Forgets the actions seen so far.
    mutating func clearActions() {
        actions = []
    }

    /// Every message published so far, in order.
    var published: [Message] {
        actions.flatMap { action -> [Message] in
            if case .publish(let messages) = action { return messages }
            return []
        }
    }

    /// Every command ordered so far.
    var commands: [CommandOrder] {
        actions.compactMap { action in
            if case .runCommand(let order) = action { return order }
            return nil
        }
    }

    /// The message types of the events published so far.
    var publishedEvents: [String] {
        published.compactMap { message in
            if case .event(let event) = message { return event.messageType }
            return nil
        }
    }

    /// Starts a run of `workflow` from outside and returns what it led to.
    mutating func start(_ workflow: String) -> RunStart? {
        guard case .start(.success(let start)) = handle(.start(workflow: workflow, reason: "test", cascade: nil)).reply else { return nil }
        return start
    }

    /// Starts a run of `workflow` from outside; its id, whether it started or was queued.
    mutating func runId(_ workflow: String) throws -> TaskId {
        guard let id = start(workflow)?.taskId else { throw TestFailure("no run of \(workflow) started or was queued") }
        return id
    }

    /// Answers run `task`'s step `step` (message type the same) as `subscriber`.
    mutating func answer(_ task: TaskId, step: String, as subscriber: SubscriberId) {
        handle(.message(.actionDone(ActionMessage(messageType: step, task: task, step: step, subscriberId: subscriber)), from: .actor(subscriber)))
    }
}

/// What a store holds after the batches applied to it: the model of `SQLiteStore` for tests.
struct StoredModel {
    var running: [TaskId: TaskSnapshot] = [:]
    var history: [TaskId: HistoryEntry] = [:]
    var fires: [String: Date] = [:]
    var outbox: [String: OutboxMessage] = [:]
    var queued: [TaskId: QueuedRun] = [:]

    /// Applies one batch, as one transaction does.
    mutating func apply(_ changes: TaskChanges) {
        for snapshot in changes.running { running[snapshot.id] = snapshot }
        for entry in changes.finished {
            running[entry.taskId] = nil
            history[entry.taskId] = entry
        }
        fires.merge(changes.fires) { _, newer in newer }
        for message in changes.outbox { outbox[message.id] = message }
        for id in changes.published { outbox[id] = nil }
        for run in changes.queued { queued[run.taskId] = run }
        for id in changes.dequeued { queued[id] = nil }
    }
}
