import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaSimulation
import RotaStore
import Testing

/// The deterministic simulation of the core (`rota-simulate`): a short run of it, and proofs
/// that its checker sees a broken invariant and that a seed replays exactly.
@Suite struct SimulationTests {
    @Test func aShortRunKeepsEveryInvariant() {
        let tally = Simulation.run(from: 1, count: 300)
        #expect(tally.scenarios == 300)
        #expect(tally.inputs > 300 * 20, "the scenarios are not empty")
        #expect(tally.restarts > 300, "the scenarios crash and restart the core")
        for invariant in Invariant.allCases {
            guard let failures = tally.failures[invariant] else { continue }
            Issue.record("\(failures.count) scenarios broke \"\(invariant.rawValue)\", first at seed \(failures.firstSeed)")
        }
    }

    @Test func aSeedReplaysExactly() {
        let first = Simulation.run(seed: 7, tracing: true)
        let again = Simulation.run(seed: 7, tracing: true)
        #expect(first.trace.count > 20)
        #expect(first.trace == again.trace)
        #expect(first.inputs == again.inputs)
        #expect(Simulation.run(seed: 8, tracing: true).trace != first.trace, "another seed is another scenario")
    }

    @Test func theCheckerSeesARunStoredAsFinishedTwice() {
        var store = SimulatedStore()
        var finished = TaskChanges()
        finished.finished = [Self.entry("t1")]
        #expect(store.apply(finished).isEmpty)
        let violations = store.apply(finished)
        #expect(violations.map(\.invariant) == [.runEndsOnce])
        #expect(violations.first?.detail.contains("2 history entries") == true)
    }

    @Test func theCheckerSeesARunStoredAsRunningAfterItFinished() throws {
        var store = SimulatedStore()
        let task = RunningTask(id: "t1", workflow: Workflow(id: "w", steps: [.performing("work", timeout: 60)]), createdAt: Self.now)
        var finished = TaskChanges()
        finished.finished = [Self.entry("t1")]
        #expect(store.apply(finished).isEmpty)
        var running = TaskChanges()
        running.running = [task.snapshot]
        #expect(store.apply(running).map(\.invariant) == [.runEndsOnce])
    }

    @Test func aRunQueuedAndDequeuedInOneBatchLeavesTheQueue() {
        var store = SimulatedStore()
        var changes = TaskChanges()
        changes.queued = [QueuedRun(taskId: "t1", workflowId: "w", cascade: Cascade(), queuedAt: Self.now, reason: "test")]
        changes.dequeued = ["t1"]
        #expect(store.apply(changes).isEmpty)
        #expect(store.queued.isEmpty)
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func entry(_ id: TaskId) -> HistoryEntry {
        HistoryEntry(taskId: id, workflowId: "w", workflowVersion: 1, startedAt: now, finishedAt: now, outcome: .success, errors: 0, steps: [])
    }
}
