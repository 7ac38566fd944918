import Foundation
import RotaModel

/// What a cron trigger does about fires that fell into a time the core was not running.
public enum MissedFirePolicy: Sendable, Hashable {
    /// Fire once at start when the latest missed fire is no older than the grace time.
    case fireOnce(grace: TimeInterval)
    /// Never make up for missed fires.
    case skip

    /// Fire once for a miss of at most one hour.
    public static let `default` = MissedFirePolicy.fireOnce(grace: 3600)

    /// Whether `expression`, last fired at `lastFired`, had a fire in the grace time before `now`.
    func firesOnceAfterDowntime(_ expression: CronExpression, lastFired: Date, now: Date, timeZone: TimeZone) -> Bool {
        guard case .fireOnce(let grace) = self else { return false }
        let windowStart = max(lastFired, now.addingTimeInterval(-grace))
        guard let missed = expression.nextFire(after: windowStart, in: timeZone) else { return false }
        return missed <= now
    }
}
