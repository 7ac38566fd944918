import Foundation
import HeapModule
import RotaModel

/// Every registered cron trigger in one priority queue: answers "what is due now" and "when
/// must I wake next" without scanning all triggers. Pure: the clock comes in as arguments.
///
/// Fires missed while the core was down follow `MissedFirePolicy`: by default a trigger whose
/// latest fire was missed by less than the grace time fires once, at once; older misses are
/// dropped. A trigger never fires more than once for a series of missed fires.
public struct Schedule<Key: Hashable & Sendable>: Sendable {
    private struct Registration: Sendable {
        var expression: CronExpression
        var generation: Int
    }

    private struct Entry: Comparable, Sendable {
        var fireAt: Date
        var sequence: Int
        var key: Key
        var generation: Int

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.fireAt, lhs.sequence) < (rhs.fireAt, rhs.sequence)
        }

        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.fireAt == rhs.fireAt && lhs.sequence == rhs.sequence
        }
    }

    /// The zone cron expressions are read in.
    public let timeZone: TimeZone
    public let missedFirePolicy: MissedFirePolicy
    private var registrations: [Key: Registration] = [:]
    private var queue = Heap<Entry>()
    private var sequence = 0
    /// The last generation given to a registration: it never goes back, so an entry of a trigger
    /// removed and registered again never counts for the new registration.
    private var lastGeneration = 0

    public init(timeZone: TimeZone, missedFirePolicy: MissedFirePolicy = .default) {
        self.timeZone = timeZone
        self.missedFirePolicy = missedFirePolicy
    }

    /// The registered keys.
    public var registeredKeys: Set<Key> { Set(registrations.keys) }

    /// Adds or replaces the trigger `key`. `lastFired` is when it last fired, if ever (known from
    /// before a restart, or from another core whose clock may run ahead of this one's); a fire
    /// missed since then is handled by the missed-fire policy, and a fire at or before
    /// `lastFired` never comes again.
    public mutating func register(_ key: Key, _ expression: CronExpression, now: Date, lastFired: Date? = nil) {
        lastGeneration += 1
        let generation = lastGeneration
        registrations[key] = Registration(expression: expression, generation: generation)
        if let lastFired, missedFirePolicy.firesOnceAfterDowntime(expression, lastFired: lastFired, now: now, timeZone: timeZone) {
            enqueue(key, at: now, generation: generation)
        } else if let next = expression.nextFire(after: max(now, lastFired ?? now), in: timeZone) {
            enqueue(key, at: next, generation: generation)
        }
    }

    /// Removes the trigger `key`; it will not fire again.
    public mutating func unregister(_ key: Key) {
        registrations.removeValue(forKey: key)
    }

    /// The triggers due at `now`, in the order of their fire times; each is scheduled again for
    /// its next fire after `now`.
    public mutating func due(at now: Date) -> [Key] {
        var fired: [Key] = []
        while let first = queue.min, first.fireAt <= now {
            queue.removeMin()
            guard let registration = registrations[first.key], registration.generation == first.generation else { continue }
            fired.append(first.key)
            if let next = registration.expression.nextFire(after: now, in: timeZone) {
                enqueue(first.key, at: next, generation: registration.generation)
            }
        }
        return fired
    }

    /// When the earliest registered trigger fires next, or nil when none will.
    public mutating func nextWake() -> Date? {
        while let first = queue.min {
            if let registration = registrations[first.key], registration.generation == first.generation { return first.fireAt }
            queue.removeMin()
        }
        return nil
    }

    private mutating func enqueue(_ key: Key, at fireAt: Date, generation: Int) {
        sequence += 1
        queue.insert(Entry(fireAt: fireAt, sequence: sequence, key: key, generation: generation))
    }
}
