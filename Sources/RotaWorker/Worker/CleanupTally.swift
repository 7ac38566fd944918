/// What one cleanup has done so far: how many resources it deleted, which it could not, and how
/// many deletions the core did not record.
struct CleanupTally: Sendable {
    /// How the deletion of one resource ended.
    enum Result: Sendable {
        case deleted
        /// Deleted, but the core did not take the record; with the message for the run's log.
        case deletedUnrecorded(String)
        /// Not deleted; with the message for the run's log.
        case failed(String)
    }

    private(set) var deleted = 0
    private(set) var unrecorded = 0
    private(set) var failed: Set<String> = []

    /// Resources whose deletion has ended, either way.
    var done: Int { deleted + failed.count }

    mutating func record(_ id: String, _ result: Result) {
        switch result {
        case .deleted:
            deleted += 1
        case .deletedUnrecorded:
            deleted += 1
            unrecorded += 1
        case .failed:
            failed.insert(id)
        }
    }

    /// The line for the run's log once the cleanup is over.
    func summary(of total: Int) -> String {
        var text = "deleted \(deleted) of \(total) marked resources"
        if !failed.isEmpty { text += "; \(failed.count) could not be deleted" }
        if unrecorded > 0 { text += "; \(unrecorded) deletions were not recorded in the core; the next collect no longer reports them" }
        return text
    }
}
