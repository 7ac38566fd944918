import RotaModel

/// The workflows Rota ships with (`docs/PROTOCOL.md`, "Default workflows"): collect, plan the
/// cleanup, clean up and generate metrics, each phase with `pre_` and `post_` steps for actors
/// to hook into. All four wait for an active run before starting another (`Wait`).
public enum DefaultWorkflows {
    /// The cron schedule of `collect_and_cleanup` unless configured otherwise: every full hour.
    public static let collectAndCleanupSchedule = "0 * * * *"

    /// Seconds the main step of each phase may take; `pre_` and `post_` steps get `hookTimeout`.
    static let phaseTimeouts: [String: Double] = [
        "collect": 3600, "cleanup_plan": 600, "cleanup": 3600, "generate_metrics": 600,
    ]
    static let hookTimeout: Double = 60

    /// The ids of the default workflows.
    public static let ids: Set<String> = ["collect", "cleanup", "metrics", "collect_and_cleanup"]

    /// The cron schedule of each default workflow unless configured otherwise: `collect_and_cleanup`
    /// every full hour, the others only when started by their event.
    public static var standardSchedules: [String: CronExpression] {
        ["collect_and_cleanup": try! CronExpression(parsing: collectAndCleanupSchedule)]
    }

    /// The four default workflows, each on its schedule in `schedules` (by workflow id), if any.
    public static func all(schedules: [String: CronExpression] = standardSchedules) -> [Workflow] {
        [
            workflow("collect", phases: ["collect", "generate_metrics"], schedule: schedules["collect"]),
            workflow("cleanup", phases: ["cleanup_plan", "cleanup", "generate_metrics"], schedule: schedules["cleanup"]),
            workflow("metrics", phases: ["generate_metrics"], schedule: schedules["metrics"]),
            workflow(
                "collect_and_cleanup", phases: ["collect", "cleanup_plan", "cleanup", "generate_metrics"],
                schedule: schedules["collect_and_cleanup"]),
        ]
    }

    /// A workflow of `pre_`, main and `post_` steps for each phase, started by the event
    /// `start_<id>_workflow` and, when given, by `schedule`.
    static func workflow(_ id: String, phases: [String], schedule: CronExpression? = nil) -> Workflow {
        let steps = phases.flatMap { phase in
            [
                Step.performing("pre_\(phase)", timeout: hookTimeout),
                Step.performing(phase, timeout: phaseTimeouts[phase] ?? hookTimeout),
                Step.performing("post_\(phase)", timeout: hookTimeout),
            ]
        }
        var triggers: [Trigger] = [.event(messageType: "start_\(id)_workflow", filter: nil)]
        if let schedule { triggers.append(.cron(schedule)) }
        return Workflow(id: id, steps: steps, triggers: triggers, onSurpass: .wait)
    }
}
