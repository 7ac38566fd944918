import RotaClient
import RotaModel

/// The worker's `cleanup_plan`: with `cleanupExpired`, marks the expired resources of the
/// clouds this worker has stored since it started for cleanup, with the reason `expired`. A
/// `filter` in the action's data (``CleanupFilter``) narrows what is marked; a filter that
/// cannot be read fails the action before anything is marked. The core never marks a
/// protected resource.
struct CleanupPlanAction: Sendable {
    /// The most ids named in the log line; the rest are counted.
    static let namedLimit = 10

    let inventory: any CleanupInventory
    let cleanupExpired: Bool
    let collectedClouds: CloudSet

    func perform(_ context: ActionContext) async throws {
        try await ActionFeedback.reporting(to: context) { feedback in
            try await perform(data: context.data, feedback: feedback)
        }
    }

    /// Marks what the action with `data` asks for, with the run's log lines going to `feedback`.
    func perform(data: [String: JSONValue], feedback: some CollectorFeedback) async throws {
        let filter = try CleanupFilter(actionData: data)
        guard cleanupExpired else {
            feedback.info("expired resources are not marked: the worker runs without --cleanup-expired")
            return
        }
        let collected = collectedClouds.sorted
        guard !collected.isEmpty else {
            feedback.info("no expired resources marked: this worker has stored no cloud since it started")
            return
        }
        let clouds = filter.clouds(among: collected)
        guard !clouds.isEmpty else {
            let stored = collected.joined(separator: ", ")
            feedback.info("no expired resources marked: the filter selects none of the clouds this worker has stored since it started (\(stored))")
            return
        }
        var conditions = filter.conditions
        conditions.clouds = clouds
        let marked = try await inventory.markExpired(matching: conditions)
        var line = "marked \(marked.count) expired resources of \(clouds.joined(separator: ", "))"
        if !filter.selectsEverything { line += " (filter: \(filter.summary))" }
        line += " for cleanup"
        if !marked.isEmpty { line += ": " + marked.prefix(Self.namedLimit).joined(separator: ", ") }
        if marked.count > Self.namedLimit { line += " and \(marked.count - Self.namedLimit) more" }
        feedback.info(line)
    }
}
