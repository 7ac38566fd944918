import Foundation
import RotaEngine
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

@testable import RotaCore

/// The core's housekeeping removes finished runs older than `history_retention`, with their
/// logs, and keeps the newer ones; time is a manual clock, moved by the test.
@Suite("History pruning")
struct HistoryPruningTests {
    private static let retention: TimeInterval = 30 * 86_400

    /// A finished run of workflow `w` that ended at `finishedAt`, with one log entry.
    private func finishedRun(_ id: TaskId, finishedAt: Date) -> (HistoryEntry, TaskLogEntry) {
        let entry = HistoryEntry(
            taskId: id, workflowId: "w", workflowVersion: 1, startedAt: finishedAt.addingTimeInterval(-60), finishedAt: finishedAt,
            outcome: .success, errors: 0, steps: [])
        return (entry, TaskLogEntry(at: finishedAt, level: .info, step: "a", subscriberId: "s", message: "log of \(id)"))
    }

    @Test func runsOlderThanTheRetentionGoWithTheirLogsAndNewerOnesStay() async throws {
        let core = try await TestCore.start(manualClock: true) { settings in
            settings.historyRetention = Self.retention
        }
        do {
            let clock = try #require(core.clock)
            let started = clock.now()
            let store = try SQLiteStore(path: core.directory.appendingPathComponent("rota.db").path)
            // Younger than the retention at start, older than it once the clock has moved on half an hour.
            let old = finishedRun("old", finishedAt: started.addingTimeInterval(-Self.retention + Housekeeping.pruneInterval / 2))
            let recent = finishedRun("recent", finishedAt: started.addingTimeInterval(-Self.retention + 10 * 86_400))
            var changes = TaskChanges()
            changes.finished = [old.0, recent.0]
            changes.log = [(task: "old", entry: old.1), (task: "recent", entry: recent.1)]
            try await store.save(changes)
            #expect(try await store.historyEntry("old") == old.0)

            try await eventually("housekeeping prunes the old run", within: 120) {
                clock.advance(by: 60)
                return try await store.historyEntry("old") == nil
            }
            #expect(clock.now().timeIntervalSince(started) > Housekeeping.pruneInterval / 2, "pruned before it was older than the retention")
            #expect(try await store.log(of: "old").isEmpty)
            #expect(try await store.historyEntry("recent") == recent.0)
            #expect(try await store.log(of: "recent") == [recent.1])
        } catch {
            await core.stop()
            throw error
        }
        await core.stop()
    }
}
