import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaSimulation
import RotaStore
import Testing

/// Every bug the simulation found, as its seed: each scenario keeps every invariant since its fix.
@Suite struct SimulationFindingsTests {
    /// A run queued while a batch was being stored, and started before that batch was stored,
    /// went to the store queued and dequeued in one batch; the store deleted it from the queue
    /// before inserting it, so it stayed queued, and a restart started the finished run again.
    @Test func seed5ARunQueuedAndStartedInOneBatchDoesNotStayQueued() async throws {
        #expect(Simulation.run(seed: 5).violation == nil)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-simulation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("rota.db").path)
        var changes = TaskChanges()
        changes.queued = [QueuedRun(taskId: "t1", workflowId: "w", cascade: Cascade(), queuedAt: Date(), reason: "test")]
        changes.dequeued = ["t1"]
        try await store.save(changes)
        #expect(try await store.queuedRuns().isEmpty)
    }

    /// A run queued behind the active run of its workflow was dropped without a history entry
    /// when its workflow was removed (at the restart here; also when the active run ends): the
    /// API had answered "queued" with its id. It now ends in the history, stopped.
    @Test func seed49AQueuedRunOfARemovedWorkflowEndsInTheHistory() {
        Self.expectNoViolation(seed: 49)
    }

    /// An actor that connected while a run's latest change was not stored was not sent that
    /// run's action, although the action had been published while the actor was away: the step
    /// waited until it timed out. Only a run whose action is not published yet is left out now.
    @Test func seed250AnActorThatConnectsWhileItsRunIsStoredIsSentItsAction() {
        Self.expectNoViolation(seed: 250)
    }

    /// A workflow removed and defined again fired its cron trigger twice at every fire time: the
    /// schedule restarted a trigger's generation at 1 after `unregister`, so the entry queued for
    /// the removed registration counted as the new one's. (Seed 502 shows the other face: a
    /// trigger defined again with another expression also fires at the old expression's time.)
    @Test func seed317AWorkflowDefinedAgainAfterItsRemovalFiresOnce() {
        Self.expectNoViolation(seed: 317)
    }

    /// A subscription removed and stored just before a crash had not reached the runs' stored
    /// state: after the restart their steps still waited for the subscriber, which was never
    /// sent their actions again. A restored step now stops waiting for a subscriber that no
    /// longer subscribes to its action.
    @Test func seed11754ARestoredStepDoesNotWaitForASubscriptionRemovedBeforeTheCrash() {
        Self.expectNoViolation(seed: 11754)
    }

    static func expectNoViolation(seed: UInt64) {
        let outcome = Simulation.run(seed: seed)
        #expect(outcome.violation == nil, "\(outcome.violation.map { "\($0)" } ?? "")")
    }
}
