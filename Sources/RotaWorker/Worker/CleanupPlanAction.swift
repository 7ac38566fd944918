import RotaClient

/// The worker's `cleanup_plan`: with `cleanupExpired`, marks the expired resources of the
/// clouds this worker has stored since it started for cleanup, with the reason `expired`. The
/// core never marks a protected resource.
struct CleanupPlanAction: Sendable {
    /// The most ids named in the log line; the rest are counted.
    static let namedLimit = 10

    let inventory: CoreInventory
    let cleanupExpired: Bool
    let collectedClouds: CloudSet

    func perform(_ context: ActionContext) async throws {
        guard cleanupExpired else {
            await context.info("expired resources are not marked: the worker runs without --cleanup-expired")
            return
        }
        let clouds = collectedClouds.sorted
        guard !clouds.isEmpty else {
            await context.info("no expired resources marked: this worker has stored no cloud since it started")
            return
        }
        let marked = try await inventory.markExpired(clouds: clouds)
        var line = "marked \(marked.count) expired resources of \(clouds.joined(separator: ", ")) for cleanup"
        if !marked.isEmpty { line += ": " + marked.prefix(Self.namedLimit).joined(separator: ", ") }
        if marked.count > Self.namedLimit { line += " and \(marked.count - Self.namedLimit) more" }
        await context.info(line)
    }
}
