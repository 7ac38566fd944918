import Foundation
import RotaModel

/// The workflows of one size of the scale benchmark, and the message types its inputs use.
///
/// - `size` background workflows, each with a cron trigger at its own minute of days 2 to 28 of
///   the month (so that none is due on day 1, when the benchmark measures) and one step that
///   waits for its own event `ready-N`: started once each, they are the active runs.
/// - `dueCount` workflows with the cron trigger `* * * * *`, due at every minute, whose one step
///   emits an event: a run starts and ends within the tick.
/// - one workflow triggered by the event `kick`, likewise one step that emits an event.
struct ScaleWorkload {
    let size: Int
    let dueCount: Int

    /// The month's first day at midnight, UTC: the benchmark's clock starts here.
    static let start = Date(timeIntervalSince1970: 1_803_859_200)
    /// The event no run waits for and no trigger fires on.
    static let unmatched = "nobody-listens"
    /// The event that triggers the one event-triggered workflow.
    static let kick = "kick"
    static let kickedWorkflow = "kicked"

    /// The id of background workflow `index`.
    static func backgroundId(_ index: Int) -> String { "scale-\(index)" }

    /// The event background workflow `index`'s run waits for.
    static func readyEvent(_ index: Int) -> String { "ready-\(index)" }

    /// Every workflow of the size.
    func workflows() throws -> [Workflow] {
        var workflows = try (0..<size).map(Self.background)
        for index in 0..<dueCount {
            workflows.append(
                Workflow(
                    id: "every-minute-\(index)", steps: [Self.emitStep], triggers: [.cron(try CronExpression(parsing: "* * * * *"))],
                    onSurpass: .parallel))
        }
        workflows.append(
            Workflow(id: Self.kickedWorkflow, steps: [Self.emitStep], triggers: [.event(messageType: Self.kick, filter: nil)], onSurpass: .parallel))
        return workflows
    }

    /// Background workflow `index`: a cron trigger on days 2 to 28, one step waiting for `ready-index`.
    private static func background(_ index: Int) throws -> Workflow {
        let slotsPerDay = 24 * 60
        let slot = index % (27 * slotsPerDay)
        let day = 2 + slot / slotsPerDay
        let cron = try CronExpression(parsing: "\(slot % 60) \(slot % slotsPerDay / 60) \(day) * *")
        let wait = Step(name: "wait", action: .waitForEvent(messageType: readyEvent(index), filter: [:]), timeout: TimeoutRange.maximum)
        return Workflow(id: backgroundId(index), steps: [wait], triggers: [.cron(cron)], onSurpass: .parallel)
    }

    /// A step that emits an event and goes on, so its run ends as soon as it starts.
    private static let emitStep = Step(name: "emit", action: .emitEvent(Event(messageType: "scale-done")))
}
