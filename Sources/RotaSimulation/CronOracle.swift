import Foundation
import RotaModel

/// When each cron trigger must fire, worked out on its own from the cron expressions, the ticks
/// and the missed-fire policy (fire once at start for a miss of at most `grace` seconds), to
/// compare with what the core fires.
struct CronOracle {
    /// A registered cron trigger and when it is next due.
    struct Due {
        var expression: CronExpression
        var next: Date?
    }

    let timeZone: TimeZone
    let grace: TimeInterval
    /// The registered cron triggers, by trigger key (`w0#1`).
    private(set) var triggers: [String: Due] = [:]

    init(timeZone: TimeZone, grace: TimeInterval = 3600) {
        self.timeZone = timeZone
        self.grace = grace
    }

    /// The workflow was defined at `now`, or its definition replaced: its cron triggers are due
    /// at their next fire after `now`. On start (`lastFires` given), a trigger that missed a fire
    /// within the grace time since it last fired is due at once.
    mutating func register(_ workflow: Workflow, now: Date, lastFires: [String: Date]? = nil) {
        triggers = triggers.filter { !$0.key.hasPrefix("\(workflow.id)#") }
        for (index, trigger) in workflow.triggers.enumerated() {
            guard case .cron(let expression) = trigger else { continue }
            let key = "\(workflow.id)#\(index)"
            var next = expression.nextFire(after: now, in: timeZone)
            if let lastFired = lastFires?[key],
                let missed = expression.nextFire(after: max(lastFired, now.addingTimeInterval(-grace)), in: timeZone), missed <= now
            {
                next = now
            }
            triggers[key] = Due(expression: expression, next: next)
        }
    }

    /// The workflow was removed: its triggers fire no more.
    mutating func remove(_ workflowId: String) {
        triggers = triggers.filter { !$0.key.hasPrefix("\(workflowId)#") }
    }

    /// Every trigger was forgotten (the core stopped).
    mutating func reset() {
        triggers = [:]
    }

    /// The trigger keys due at `now`, each then due at its next fire after `now`.
    mutating func due(at now: Date) -> Set<String> {
        var fired: Set<String> = []
        for (key, trigger) in triggers {
            guard let next = trigger.next, next <= now else { continue }
            fired.insert(key)
            triggers[key]?.next = trigger.expression.nextFire(after: now, in: timeZone)
        }
        return fired
    }
}
