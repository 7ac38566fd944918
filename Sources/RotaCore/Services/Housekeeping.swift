import Foundation
import Logging
import RotaStore
import ServiceLifecycle

/// The core's chores: removes the subscriptions of actors disconnected for too long (so a dead
/// actor cannot stall workflows; never in the grace time after start, when actors reconnect),
/// and removes history and audit entries older than the retention.
struct Housekeeping: Service {
    /// How often the history and the audit trail are pruned, in seconds: at start, then hourly.
    /// Pruning deletes in bulk, so doing it at every round of chores would cost for nothing.
    static let pruneInterval: TimeInterval = 3600

    let clock: any CoreClock
    let registry: SubscriptionRegistry
    let store: any TaskStore & AuditStore
    let settings: CoreSettings
    let logger: Logger

    func run() async throws {
        let startedAt = clock.now()
        try? await cancelWhenGracefulShutdown {
            var lastPrune: Date?
            while !Task.isCancelled {
                let now = clock.now()
                if now.timeIntervalSince(startedAt) >= settings.subscriberStartupGrace {
                    _ = await registry.removeDisconnected(longerThan: settings.subscriberTimeout)
                }
                if lastPrune.map({ now.timeIntervalSince($0) >= Self.pruneInterval }) ?? true {
                    lastPrune = now
                    await pruneHistory(now: now)
                    await pruneAudit(now: now)
                }
                try await clock.sleep(for: settings.housekeepingInterval)
            }
        }
    }

    private func pruneHistory(now: Date) async {
        do {
            let removed = try await store.pruneHistory(finishedBefore: now.addingTimeInterval(-settings.historyRetention))
            if removed > 0 { logger.info("removed \(removed) runs older than the history retention from the history") }
        } catch {
            logger.error("could not prune the history: \(error)")
        }
    }

    private func pruneAudit(now: Date) async {
        do {
            let removed = try await store.pruneAudit(before: now.addingTimeInterval(-settings.historyRetention))
            if removed > 0 { logger.info("removed \(removed) audit entries older than the history retention") }
        } catch {
            logger.error("could not prune the audit trail: \(error)")
        }
    }
}
