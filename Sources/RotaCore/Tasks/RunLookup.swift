import RotaEngine
import RotaStore

/// A run as the API finds it: queued behind the active run of its workflow, still running, or
/// finished (stored in the history, or about to be).
public enum RunLookup: Sendable {
    case queued(QueuedRun)
    case running(RunningTask)
    case finished(HistoryEntry)
}
