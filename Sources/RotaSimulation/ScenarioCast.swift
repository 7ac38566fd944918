import Foundation
import RotaModel

/// The random workflows and subscribers of one scenario, drawn from its seed: few, small and
/// overlapping, so that runs meet each other's events, share actors and collide in surpass
/// policies.
public struct ScenarioCast: Sendable {
    /// The action message types steps perform and actors subscribe to.
    static let actionTypes = ["build", "deploy", "check"]
    /// The event types steps wait for, emit and triggers listen to.
    static let eventTypes = ["ping", "pong"]
    /// The cron expressions a workflow may be triggered by.
    static let cronExpressions = ["* * * * *", "*/2 * * * *", "*/5 * * * *", "0 * * * *", "30 2 * * *"]

    public var workflows: [Workflow]
    public var subscribers: [Subscriber]

    /// A cast drawn from `random`.
    public init(random: inout SimulationRandom) {
        let count = random.int(1...3)
        let ids = (0..<count).map { "w\($0)" }
        workflows = ids.map { Self.workflow($0, among: ids, random: &random) }
        subscribers = (0..<random.int(1...3)).map { index in
            let types = Self.actionTypes.filter { _ in random.chance(0.6) }
            return Subscriber(
                id: "a\(index)",
                subscriptions: (types.isEmpty ? [random.pick(Self.actionTypes)] : types).map {
                    Subscription(messageType: $0, waitForCompletion: random.chance(0.85), timeout: Double(random.int(10...90)))
                })
        }
    }

    /// A workflow `id` of one to four steps, with up to one cron and one event trigger.
    static func workflow(_ id: String, among ids: [String], random: inout SimulationRandom) -> Workflow {
        let steps = (0..<random.int(1...4)).map { index -> Step in
            let action: StepAction
            switch random.int(0...19) {
            case 0...8: action = .performAction(messageType: random.pick(actionTypes))
            case 9...11: action = .waitForEvent(messageType: random.pick(eventTypes), filter: [:])
            case 12...15: action = .emitEvent(Event(messageType: random.chance(0.7) ? random.pick(eventTypes) : "start_\(random.pick(ids))_workflow"))
            default: action = .executeCommand("command \(index)")
            }
            let retry = action.canBeRetried && random.chance(0.3)
                ? RetryPolicy(attempts: random.int(2...4), backoff: Double(random.int(0...60)), factor: 2, maxBackoff: 600) : nil
            return Step(
                name: "s\(index)", action: action, timeout: Double(random.int(5...120)), onError: random.chance(0.75) ? .continue : .stop,
                retry: retry)
        }
        var triggers: [Trigger] = []
        if random.chance(0.35), let expression = try? CronExpression(parsing: random.pick(cronExpressions)) {
            triggers.append(.cron(expression))
        }
        if random.chance(0.35) {
            triggers.append(.event(messageType: random.pick(eventTypes), filter: nil))
        }
        if random.chance(0.2) { triggers.reverse() }
        return Workflow(id: id, steps: steps, triggers: triggers, onSurpass: random.pick(SurpassPolicy.allCases))
    }
}
