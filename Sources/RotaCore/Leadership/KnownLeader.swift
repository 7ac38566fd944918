import RotaStore
import Synchronization

/// The leading core as a standby last read it from the lease, for the answers it gives while it
/// stands by: the leader's URL, when its lease is live.
final class KnownLeader: Sendable {
    private let leader = Mutex<LeaderLease.Leader?>(nil)

    /// Records what the lease says now (nil when no core ever led).
    func update(_ read: LeaderLease.Leader?) {
        leader.withLock { $0 = read }
    }

    /// The URL of the core that leads, or nil when no core holds a live lease.
    var liveURL: String? {
        leader.withLock { $0.flatMap { $0.live ? $0.url : nil } }
    }
}
