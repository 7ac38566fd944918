/// What one cleanup has done so far: how many resources it deleted and which it could not.
struct CleanupTally: Sendable {
    /// How the deletion of one resource ended.
    enum Result: Sendable {
        case deleted
        /// Not deleted, or deleted but not recorded; with the message for the run's log.
        case failed(String)
    }

    private(set) var deleted = 0
    private(set) var failed: Set<String> = []

    /// Resources whose deletion has ended, either way.
    var done: Int { deleted + failed.count }

    mutating func record(_ id: String, _ result: Result) {
        switch result {
        case .deleted: deleted += 1
        case .failed: failed.insert(id)
        }
    }
}
