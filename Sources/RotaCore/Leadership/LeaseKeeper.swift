import Logging
import RotaModel
import RotaStore
import ServiceLifecycle
import Synchronization

/// The leader's service that keeps its lease: it renews it every third of its duration, and
/// stops the core at once (by failing, which ends its service group with an error, so that the
/// process exits non-zero and its supervisor starts it again as a standby) when a renewal says
/// the lease was taken, or when no renewal succeeded for a whole duration, counting a renewal
/// the database does not answer as failed when the lease would expire. The fence has already
/// made every write after the loss fail. On graceful shutdown, once the services after it in
/// the group are done, it releases the lease so that a standby takes over at once.
struct LeaseKeeper: Service {
    let lease: LeaderLease
    let fence: LeaseFence
    let logger: Logger

    func run() async throws {
        let interval = lease.duration / 3
        do {
            try await cancelWhenGracefulShutdown {
                var lastRenewal = ContinuousClock.now
                while true {
                    try await Task.pause(for: interval)
                    do {
                        guard let renewed = try await renew(within: lastRenewal + lease.duration - .now) else {
                            throw LeadershipLost(reason: "the database answered no renewal for \(lease.duration), so the lease has expired")
                        }
                        guard renewed else { throw LeadershipLost(reason: "another core took the lease") }
                        lastRenewal = .now
                    } catch let lost as LeadershipLost {
                        throw lost
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        logger.warning("the lease could not be renewed: \(error)")
                    }
                    if ContinuousClock.now - lastRenewal >= lease.duration {
                        throw LeadershipLost(reason: "no renewal succeeded for \(lease.duration), so the lease has expired")
                    }
                }
            }
        } catch let lost as LeadershipLost {
            logger.critical("this core stops at once, for it no longer leads (epoch \(fence.epoch)): \(lost.reason); nothing it writes from now on commits")
            throw lost
        } catch is CancellationError {
            do {
                try await lease.release(fence)
                logger.notice("the lease is released; a standby takes over at once")
            } catch {
                logger.warning("the lease could not be released (a standby takes over when it expires): \(error)")
            }
        }
    }
}

extension LeaseKeeper {
    /// Renews the lease: true when renewed, false when another core holds it, nil when the
    /// database has not answered within `limit` (a lost network, a hung server, a lock that never
    /// comes), so that a renewal that never returns cannot keep a leader going past its lease.
    func renew(within limit: Duration) async throws -> Bool? {
        let answer = Mutex<CheckedContinuation<Bool?, any Error>?>(nil)
        let settle: @Sendable (Result<Bool?, any Error>) -> Void = { result in
            answer.withLock { waiting in
                waiting?.resume(with: result)
                waiting = nil
            }
        }
        return try await withCheckedThrowingContinuation { continuation in
            answer.withLock { $0 = continuation }
            let lease = lease
            let fence = fence
            Task {
                do {
                    settle(.success(try await lease.renew(fence)))
                } catch {
                    settle(.failure(error))
                }
            }
            Task {
                try? await Task.pause(for: max(limit, .milliseconds(1)))
                settle(.success(nil))
            }
        }
    }
}

/// Why a leader stopped: its lease was taken or expired.
struct LeadershipLost: Error, CustomStringConvertible {
    let reason: String

    var description: String { "this core no longer leads: \(reason)" }
}
