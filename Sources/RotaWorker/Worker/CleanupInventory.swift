import RotaModel

/// What `cleanup_plan` and `cleanup` ask of the core's inventory; ``CoreInventory`` asks the core.
protocol CleanupInventory: Sendable {
    /// Marks the expired resources that `filter` selects for cleanup, with the reason `expired`;
    /// returns the ids marked now. Protected, already marked and deleted resources stay as they are.
    func markExpired(matching filter: ResourceFilter) async throws -> [String]

    /// Every resource that `filter` selects, is marked for cleanup and is not yet recorded as deleted.
    func markedResources(matching filter: ResourceFilter) async throws -> [StoredResource]

    /// Records that the resources were deleted.
    func recordCleaned(_ ids: [String]) async throws
}
