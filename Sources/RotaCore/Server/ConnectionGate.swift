import Foundation
import Logging
import Synchronization

/// Counts the connections the core serves and turns away those beyond `limit`: a client (or
/// many) opening connections without end cannot exhaust the core's file descriptors or memory.
/// Each refusal is counted in the metrics; the log says so at most once a minute.
final class ConnectionGate: Sendable {
    private struct State {
        var open = 0
        var refusedSinceLog = 0
        var lastLog: Date?
    }

    let limit: Int
    private let metrics: CoreMetrics
    private let logger: Logger
    private let state = Mutex(State())

    init(limit: Int, metrics: CoreMetrics, logger: Logger) {
        self.limit = limit
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether a new connection may be served; when it may, `leave()` must follow its end.
    func enter(now: Date = Date()) -> Bool {
        let (admitted, refusedToLog) = state.withLock { state -> (Bool, Int?) in
            if state.open < limit {
                state.open += 1
                return (true, nil)
            }
            state.refusedSinceLog += 1
            guard state.lastLog.map({ now.timeIntervalSince($0) >= 60 }) ?? true else { return (false, nil) }
            defer {
                state.refusedSinceLog = 0
                state.lastLog = now
            }
            return (false, state.refusedSinceLog)
        }
        if !admitted {
            metrics.connectionRefused()
            if let refusedToLog {
                logger.warning(
                    "refused \(refusedToLog) connection(s): \(limit) connections are open, the most max_connections (--max-connections) allows")
            }
        }
        return admitted
    }

    /// A connection that entered has ended.
    func leave() {
        state.withLock { $0.open -= 1 }
    }
}
