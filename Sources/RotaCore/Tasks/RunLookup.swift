import RotaEngine
import RotaStore

/// A run as the API finds it: still running, or finished (stored in the history, or about to be).
public enum RunLookup: Sendable {
    case running(RunningTask)
    case finished(HistoryEntry)
}
