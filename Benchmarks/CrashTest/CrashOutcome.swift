import Foundation
import RotaModel

/// What the crash test found at its end: the driver's figures, the runs it started, what the core
/// says (history and unfinished runs) and what the actors recorded; and the verdict on them.
struct CrashOutcome {
    let figures: CrashFigures
    let started: [String]
    let stepsHistory: [JSONValue]
    let cronHistory: [JSONValue]
    let stillRunning: [(id: String, workflow: String)]
    let actors: [String]
    let deliveries: [ActionKey: [Int]]
    let answers: [ActionKey: Int]
    let cronWindow: (after: Date, through: Date)

    /// Every broken invariant, in words; empty when the core kept every promise.
    var problems: [String] {
        var problems = figures.stalls
        problems += runProblems
        problems += actionProblems
        problems += CronMinutes.problems(fires: cronFires, after: cronWindow.after, through: cronWindow.through)
        return problems
    }

    /// When the cron runs started.
    private var cronFires: [Date] {
        cronHistory.compactMap { $0["started_at"]?.stringValue.flatMap(Timestamp.date) }.sorted()
    }

    /// Each started run finished once, with success and no errors; no run the test did not start;
    /// nothing left running.
    private var runProblems: [String] {
        var problems: [String] = []
        let finished = Dictionary(grouping: stepsHistory, by: { $0["task_id"]?.stringValue ?? "" })
        for (task, entries) in finished where entries.count > 1 {
            problems.append("run \(task) is \(entries.count) times in the history")
        }
        for task in started where finished[task] == nil {
            problems.append("run \(task) was started but is not in the history")
        }
        for task in Set(finished.keys).subtracting(started) {
            problems.append("run \(task) is in the history but the test never started it")
        }
        for entry in stepsHistory + cronHistory where entry["outcome"] != "success" || entry["errors"]?.doubleValue != 0 {
            problems.append(
                "run \(entry["task_id"]?.stringValue ?? "?") of \(entry["workflow"]?.stringValue ?? "?") ended \(entry["outcome"]?.stringValue ?? "?") with \(entry["errors"]?.jsonText ?? "?") errors: \(entry["reason"]?.stringValue ?? "")"
            )
        }
        for task in stillRunning {
            problems.append("run \(task.id) of \(task.workflow) is still unfinished")
        }
        return problems
    }

    /// Every step of every finished run reached every actor and was answered; no action reached
    /// an actor twice on one connection; no action belongs to a run the history does not know.
    private var actionProblems: [String] {
        var problems: [String] = []
        let expected = expectedActions
        for key in expected.sorted(by: { ($0.task, $0.step, $0.actor) < ($1.task, $1.step, $1.actor) }) {
            if deliveries[key] == nil {
                problems.append("action \(key.step) of run \(key.task) never reached \(key.actor)")
            } else if answers[key] == nil {
                problems.append("action \(key.step) of run \(key.task) reached \(key.actor) but was never answered")
            }
        }
        for (key, connections) in deliveries {
            if !expected.contains(key) {
                problems.append("action \(key.step) of run \(key.task) reached \(key.actor), but no finished run has it")
            }
            for (connection, count) in Dictionary(grouping: connections, by: { $0 }).mapValues(\.count) where count > 1 {
                problems.append("action \(key.step) of run \(key.task) reached \(key.actor) \(count) times on one connection (\(connection))")
            }
        }
        return problems
    }

    /// The actions the finished runs consisted of: each step of each run, for each actor.
    var expectedActions: Set<ActionKey> {
        var keys: Set<ActionKey> = []
        for (entries, steps) in [(stepsHistory, CrashWorkflows.steps), (cronHistory, [CrashWorkflows.cronStep])] {
            for entry in entries {
                guard let task = entry["task_id"]?.stringValue else { continue }
                for step in steps {
                    for actor in actors { keys.insert(ActionKey(actor: actor, task: task, step: step)) }
                }
            }
        }
        return keys
    }

    /// The figures and the verdict, as the command prints them.
    func report(options: CrashOptions) -> String {
        let deliveryCount = deliveries.values.reduce(0) { $0 + $1.count }
        let answerCount = answers.values.reduce(0, +)
        let problems = self.problems
        var lines = [
            "crash: rota core killed with SIGKILL at \(options.cycles) random moments of runs, restarted on the same database and port",
            "seed \(options.seed), \(options.actors) actors answering after 0-\(options.maxAnswerDelay) ms, \(options.runsInFlight) runs at once",
            "",
            "cycles                \(options.cycles)",
            "restarts              \(figures.restarts + figures.killsDuringStart + figures.killsAfterServing): one after each cycle's kill, and \(figures.killsDuringStart + figures.killsAfterServing) more killed again within 150 ms (\(figures.killsDuringStart) before serving)",
            "runs                  \(stepsHistory.count) started by the test (\(CrashWorkflows.steps.count) steps each), \(cronHistory.count) by cron",
            "actions               \(expectedActions.count) (run, step, actor); \(deliveryCount) deliveries, \(deliveryCount - deliveries.count) of them again after a restart; \(answerCount) answers",
            "cron minutes checked  \(CronMinutes.expectedMinutes(after: cronWindow.after, through: cronWindow.through).count); \(figures.killsAtAMinute) kills aimed at a full minute",
            "cron fires            \(cronFires.isEmpty ? "none" : cronFires.map { String(format: "+%.1f s", $0.timeIntervalSince(CronMinutes.minute(of: $0))) }.joined(separator: ", ") + " after their minute")",
            "serving after spawn   \(CrashFigures.summary(figures.serving))",
            "actors reconnected    \(CrashFigures.summary(figures.reconnected))",
            "first action resumed  \(CrashFigures.summary(figures.resumed))",
            "time                  \(figures.elapsed.components.seconds) s",
            "",
        ]
        if problems.isEmpty {
            lines.append("PASS: every run finished exactly once with success, every action reached every actor and was answered, every cron minute fired once")
        } else {
            lines.append("FAIL: \(problems.count) broken invariants (seed \(options.seed)):")
            lines += problems.prefix(30).map { "  - \($0)" }
            if problems.count > 30 { lines.append("  ... and \(problems.count - 30) more") }
        }
        return lines.joined(separator: "\n")
    }
}
