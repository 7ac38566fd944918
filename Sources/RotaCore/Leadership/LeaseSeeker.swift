import Logging
import RotaModel
import RotaStore
import ServiceLifecycle
import Synchronization

/// The service of a standby that tries to take the lease every `retry`, and reads who leads in
/// between (for `KnownLeader`). It returns once it holds the lease, with the fence in `taken`;
/// a graceful shutdown ends it without.
final class LeaseSeeker: Service, Sendable {
    let lease: LeaderLease
    let retry: Duration
    let known: KnownLeader
    let logger: Logger
    private let fence = Mutex<LeaseFence?>(nil)

    init(lease: LeaderLease, retry: Duration, known: KnownLeader, logger: Logger) {
        self.lease = lease
        self.retry = retry
        self.known = known
        self.logger = logger
    }

    /// The fence of the lease this core took, once it took it.
    var taken: LeaseFence? { fence.withLock { $0 } }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                var unreachableSince: ContinuousClock.Instant?
                while true {
                    do {
                        if let fence = try await self.lease.acquire() {
                            self.fence.withLock { $0 = fence }
                            return
                        }
                        self.known.update(try await self.lease.leader())
                        if unreachableSince != nil { self.logger.notice("the database answers again; this core stands by") }
                        unreachableSince = nil
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        self.known.update(nil)
                        if unreachableSince == nil {
                            self.logger.warning("a standby cannot read the lease (it tries again every \(self.retry)): \(error)")
                            unreachableSince = .now
                        }
                    }
                    try await Task.pause(for: self.retry)
                }
            }
        } catch is CancellationError {
            // Shut down while standing by: there is no lease to hand over.
        }
    }
}
