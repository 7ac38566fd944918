import Synchronization

/// What one cleanup has done so far: how many resources it deleted, which it could not, and how
/// many deletions the core did not record. The deletions that run at the same time record
/// their ends here.
final class CleanupTally: Sendable {
    /// How the deletion of one resource ended.
    enum Result: Sendable {
        case deleted
        /// Deleted, but the core did not take the record; with the message for the run's log.
        case deletedUnrecorded(String)
        /// Not deleted; with the message for the run's log.
        case failed(String)
    }

    private struct Counts {
        var deleted = 0
        var unrecorded = 0
        var failed: Set<String> = []
    }

    private let counts = Mutex(Counts())

    /// Records how the deletion of `id` ended; returns how many deletions have ended, either way.
    func record(_ id: String, _ result: Result) -> Int {
        counts.withLock { counts in
            switch result {
            case .deleted:
                counts.deleted += 1
            case .deletedUnrecorded:
                counts.deleted += 1
                counts.unrecorded += 1
            case .failed:
                counts.failed.insert(id)
            }
            return counts.deleted + counts.failed.count
        }
    }

    /// Whether the deletion of `id` failed.
    func hasFailed(_ id: String) -> Bool {
        counts.withLock { $0.failed.contains(id) }
    }

    /// The line for the run's log once the cleanup is over; `scope` follows "marked resources",
    /// e.g. ` (filter: account 123)`.
    func summary(of total: Int, scope: String = "") -> String {
        let counts = counts.withLock { $0 }
        var text = "deleted \(counts.deleted) of \(total) marked resources\(scope)"
        if !counts.failed.isEmpty { text += "; \(counts.failed.count) could not be deleted" }
        if counts.unrecorded > 0 {
            text += "; \(counts.unrecorded) deletions were not recorded in the core; the next collect no longer reports them"
        }
        return text
    }
}
