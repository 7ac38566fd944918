import Foundation
import RotaEngine
import RotaModel

// Drives the engine in-process through the 12-step `collect_and_cleanup` workflow with N
// subscribers that answer every action with `action_done`, and prints answers per second and
// nanoseconds per answer. Run it in release: `swift run -c release rota-engine-bench [N ...]`.
// With `--retry`, every step declares a retry policy that no answer sets off, to show what a
// declared but unused retry costs.

let arguments = CommandLine.arguments.dropFirst()
let subscriberCounts = arguments.compactMap { Int($0) }.nonEmpty ?? [1, 10, 100, 1000]
let declaresRetries = arguments.contains("--retry")
let repeats = 5
let answersPerRepeat = 1_200_000

let workflow: Workflow = {
    var workflow = DefaultWorkflows.all().first { $0.id == "collect_and_cleanup" }!
    if declaresRetries {
        workflow.steps = workflow.steps.map { step in
            var step = step
            step.retry = RetryPolicy(attempts: 3, backoff: 10, factor: 2, maxBackoff: 300)
            return step
        }
    }
    return workflow
}()
let start = Date(timeIntervalSince1970: 1_800_000_000)

/// Runs the workflow `runs` times with `subscriberCount` subscribers; returns the answers given.
func drive(runs: Int, directory: SubscriberDirectory, answers: [[Message]]) -> Int {
    var answered = 0
    var commands = 0
    for _ in 0..<runs {
        var task = RunningTask(id: "bench", workflow: workflow, createdAt: start)
        commands &+= task.handle(.start, at: start, subscribers: directory).count
        for stepAnswers in answers {
            for answer in stepAnswers {
                commands &+= task.handle(.message(answer), at: start, subscribers: directory).count
            }
            answered += stepAnswers.count
        }
        precondition(task.outcome == .success, "the run did not finish")
    }
    precondition(commands > 0)
    return answered
}

print("engine: collect_and_cleanup (12 steps), every subscriber answers every action\(declaresRetries ? ", every step declares a retry" : "")")
print("median of \(repeats) repeats of about \(answersPerRepeat) answers each\n")
print("subscribers      answers/s    ns/answer   vs 1 subscriber")
var baseline: Double?
for count in subscriberCounts {
    let ids = (0..<count).map { "actor-\($0)" }
    let directory = SubscriberDirectory(ids.map { id in
        Subscriber(id: id, subscriptions: workflow.steps.map { Subscription(messageType: $0.name, timeout: 60) })
    })
    let answers = workflow.steps.map { step in
        ids.map { id in Message.actionDone(ActionMessage(messageType: step.name, task: "bench", step: step.name, subscriberId: id)) }
    }
    let runs = max(1, answersPerRepeat / (count * workflow.steps.count))
    _ = drive(runs: max(1, runs / 10), directory: directory, answers: answers)
    var nanosecondsPerAnswer: [Double] = []
    for _ in 0..<repeats {
        let clock = ContinuousClock()
        var answered = 0
        let elapsed = clock.measure { answered = drive(runs: runs, directory: directory, answers: answers) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        nanosecondsPerAnswer.append(seconds * 1e9 / Double(answered))
    }
    let median = nanosecondsPerAnswer.sorted()[repeats / 2]
    baseline = baseline ?? median
    let line = String(
        format: "%11d %14.0f %12.1f %14.2fx", count, 1e9 / median, median, median / (baseline ?? median))
    print(line)
}

extension Collection {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
