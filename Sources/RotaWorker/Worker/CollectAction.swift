import RotaClient
import RotaModel

/// The worker's `collect`: every collector reads its cloud, at most `concurrency` at once, and
/// each snapshot it returns is streamed to the core, which replaces that (cloud, account) with it.
///
/// A collector that fails, or a snapshot the core refuses, is an error in the run's log; the
/// other collectors go on. The action ends once the core has answered every merge.
struct CollectAction: Sendable {
    let collectors: [any Collector]
    let inventory: CoreInventory
    let concurrency: Int
    /// Where the clouds of every stored snapshot are remembered, for `cleanup_plan`.
    let collectedClouds: CloudSet

    func perform(_ context: ActionContext) async throws {
        try await ActionFeedback.reporting(to: context) { feedback in
            for collector in collectors {
                feedback.progress("collect", path: [collector.name], current: 0, total: 1)
            }
            await collectors.concurrentForEach(limit: concurrency) { collector in
                await collectAndStore(collector, task: context.task, feedback: feedback)
            }
        }
        try Task.checkCancellation()
    }

    private func collectAndStore(_ collector: any Collector, task: TaskId, feedback: ActionFeedback) async {
        let snapshots: [ResourceSnapshot]
        do {
            snapshots = try await collector.collect(feedback: feedback)
        } catch {
            feedback.progress("collect", path: [collector.name], current: 1, total: 1)
            if !Task.isCancelled { feedback.error(Self.message(error, of: collector)) }
            return
        }
        feedback.progress("collect", path: [collector.name], current: 1, total: 1)
        for snapshot in snapshots {
            feedback.progress("store", path: [collector.name, snapshot.account], current: 0, total: 1)
        }
        for snapshot in snapshots {
            guard !Task.isCancelled else { return }
            do {
                _ = try await inventory.merge(snapshot, task: task)
                collectedClouds.insert(snapshot.cloud)
            } catch {
                if !Task.isCancelled {
                    feedback.error("\(collector.name): \(snapshot.cloud)/\(snapshot.account) was not stored: \(error)")
                }
            }
            feedback.progress("store", path: [collector.name, snapshot.account], current: 1, total: 1)
        }
    }

    /// The error for the run's log, starting with the collector's name.
    private static func message(_ error: any Error, of collector: any Collector) -> String {
        let text = "\(error)"
        return text.hasPrefix(collector.name) ? text : "\(collector.name): \(text)"
    }
}
