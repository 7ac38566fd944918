import RotaClient
import RotaModel

/// The worker's `cleanup`: lists the resources marked for cleanup and, with `cleanup` on,
/// deletes each through the collector that owns it, children before their parents
/// (``DeletionOrder``), and records every deletion in the core. Without `cleanup` it deletes
/// nothing and notes in the run's log what it would have deleted.
///
/// A `filter` in the action's data (``CleanupFilter``) narrows the cleanup to the marked
/// resources it selects; a filter that cannot be read fails the action before anything is
/// deleted. A deletion that fails is an error in the run's log; the others go on, except the
/// parents of what could not be deleted, which are left for the next cleanup. Marked resources
/// that no collector of this worker owns are left to the workers that collect them.
struct CleanupAction: Sendable {
    /// The most resources listed one by one in the log when cleanup is off.
    static let listedLimit = 50

    let collectors: [any Collector]
    let inventory: any CleanupInventory
    let cleanup: Bool
    let concurrency: Int

    func perform(_ context: ActionContext) async throws {
        try await ActionFeedback.reporting(to: context) { feedback in
            try await perform(data: context.data, feedback: feedback)
        }
    }

    /// Performs the action with `data`, with the run's log lines and progress going to `feedback`.
    func perform(data: [String: JSONValue], feedback: some CollectorFeedback) async throws {
        let filter = try CleanupFilter(actionData: data)
        let scope = filter.selectsEverything ? "" : " (filter: \(filter.summary))"
        let marked = try await inventory.markedResources(matching: filter.conditions).filter {
            !$0.metadata.protected && filter.selects($0.resource)
        }
        let owned = marked.compactMap { stored in owner(of: stored.resource).map { (stored.resource, $0) } }
        let foreign = marked.count - owned.count
        if foreign > 0 {
            feedback.info("\(foreign) marked resources belong to clouds this worker does not collect; left to their workers")
        }
        guard !owned.isEmpty else {
            feedback.info("nothing to delete: no resource of this worker's clouds is marked for cleanup\(scope)")
            return
        }
        let order = DeletionOrder(owned.map(\.0))
        guard cleanup else {
            let reasons = Dictionary(marked.map { ($0.id, $0.metadata.clean?.reason ?? "") }, uniquingKeysWith: { first, _ in first })
            describe(order, reasons: reasons, scope: scope, to: feedback)
            return
        }
        let owners = Dictionary(owned.map { ($0.0.id, $0.1) }, uniquingKeysWith: { first, _ in first })
        try await delete(order, owners: owners, scope: scope, reportingTo: feedback)
    }

    private func owner(of resource: Resource) -> (any Collector)? {
        collectors.first { $0.owns(resource) }
    }

    /// Notes what cleanup would delete, in the order it would.
    private func describe(_ order: DeletionOrder, reasons: [String: String], scope: String, to feedback: some CollectorFeedback) {
        let resources = order.levels.flatMap { $0 }
        feedback.info(
            "cleanup is off (start the worker with --cleanup to delete): \(resources.count) marked resources would be deleted\(scope)")
        for resource in resources.prefix(Self.listedLimit) {
            let reason = reasons[resource.id].map { $0.isEmpty ? "" : ", marked: \($0)" } ?? ""
            feedback.info("would delete \(resource.id) (\(resource.kind) in \(resource.cloud)/\(resource.account)\(reason))")
        }
        if resources.count > Self.listedLimit {
            feedback.info("and \(resources.count - Self.listedLimit) more")
        }
    }

    /// Deletes level by level, and records each deletion as soon as it is done. Progress is
    /// reported at every hundredth of the work; once the action is aborted or times out, no
    /// further deletion begins.
    private func delete(
        _ order: DeletionOrder, owners: [String: any Collector], scope: String, reportingTo feedback: some CollectorFeedback
    ) async throws {
        let tally = CleanupTally()
        let total = owners.count
        let progressStep = Swift.max(1, total / 100)
        feedback.progress("delete", path: [], current: 0, total: total)
        for level in order.levels {
            try Task.checkCancellation()
            await level.concurrentForEach(limit: concurrency) { resource in
                guard let owner = owners[resource.id], !Task.isCancelled else { return }
                let result = await deleteOne(resource, owner: owner, order: order, tally: tally)
                let done = tally.record(resource.id, result)
                switch result {
                case .deleted: break
                case .deletedUnrecorded(let message), .failed(let message): feedback.error(message)
                }
                if done % progressStep == 0 || done == total {
                    feedback.progress("delete", path: [], current: done, total: total)
                }
            }
        }
        try Task.checkCancellation()
        feedback.info(tally.summary(of: total, scope: scope))
    }

    private func deleteOne(_ resource: Resource, owner: any Collector, order: DeletionOrder, tally: CleanupTally) async -> CleanupTally.Result {
        let blocking = order.children[resource.id, default: []].filter(tally.hasFailed)
        if let child = blocking.first {
            return .failed("\(resource.id) was not deleted: its child \(child) could not be deleted")
        }
        do {
            try await owner.delete(resource)
        } catch {
            return .failed("cannot delete \(resource.id): \(error)")
        }
        do {
            try await inventory.recordCleaned([resource.id])
        } catch {
            return .deletedUnrecorded("\(resource.id) was deleted, but the core did not record it: \(error)")
        }
        return .deleted
    }
}
