import Foundation
import Testing

@testable import RotaEngine
@testable import RotaModel

/// A step with a `retry` policy: which failures make it try again, after how long, whom it asks
/// again, and what its last attempt leaves to `on_error`.
@Suite("Step retries")
struct StepRetryTests {
    static let policy = RetryPolicy(attempts: 3, backoff: 10, factor: 2, maxBackoff: 300)

    static func collect(onError: ErrorPolicy = .continue, retry: RetryPolicy? = policy, timeout: Double = 30) -> Workflow {
        Fixture.workflow(
            Step(name: "collect", action: .performAction(messageType: "collect"), timeout: timeout, onError: onError, retry: retry),
            .performing("post_collect", timeout: 10))
    }

    /// The actions among `commands`, with whom each is addressed to and its attempt.
    static func actions(_ commands: [TaskCommand]) -> [(recipient: SubscriberId?, attempt: JSONValue?)] {
        commands.published.compactMap { message in
            guard case .action(let action) = message else { return nil }
            return (action.subscriberId, action.extra["attempt"])
        }
    }

    static func event(_ messageType: String, in commands: [TaskCommand]) -> Event? {
        commands.published.lazy.compactMap { message -> Event? in
            if case .event(let event) = message, event.messageType == messageType { return event }
            return nil
        }.first
    }

    @Test func aStepWhoseActorFailsTwiceSucceedsOnItsThirdAttempt() throws {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(Self.collect(), directory)
        var commands = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let firstRetry = try #require(Self.event("step_retry", in: commands))
        #expect(firstRetry.data["attempt"] == 1)
        #expect(firstRetry.data["retry_in"] == 10)
        #expect(task.deadline == Fixture.at(11))
        #expect(task.handle(.tick, at: Fixture.at(10.9), subscribers: directory).isEmpty)

        commands = task.handle(.tick, at: Fixture.at(11), subscribers: directory)
        #expect(Self.actions(commands).map(\.attempt) == [2])
        #expect(Self.actions(commands).map(\.recipient) == ["a"])
        #expect(Self.event("step_started", in: commands)?.data["attempt"] == 2)

        commands = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(12), subscribers: directory)
        #expect(Self.event("step_retry", in: commands)?.data["retry_in"] == 20)
        commands = task.handle(.tick, at: Fixture.at(32), subscribers: directory)
        #expect(Self.actions(commands).map(\.attempt) == [3])

        commands = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(33), subscribers: directory)
        #expect(task.steps[0].state == .succeeded)
        #expect(task.steps[0].attempts == 3)
        #expect(task.steps[0].errors == 2)
        #expect(task.currentStep?.name == "post_collect")
        #expect(Self.event("step_end", in: commands)?.data["attempts"] == 3)
    }

    @Test func onlyTheSubscribersThatFailedOrDidNotAnswerAreAskedAgain() throws {
        let directory = Fixture.directory(["done", "failing", "silent"], to: ["collect", "post_collect"], timeout: 10)
        var (task, _) = Fixture.started(Self.collect(), directory)
        _ = task.handle(Fixture.done("collect", from: "done"), at: Fixture.at(1), subscribers: directory)
        _ = task.handle(Fixture.error("collect", from: "failing"), at: Fixture.at(2), subscribers: directory)
        let timedOut = task.handle(.tick, at: Fixture.at(30), subscribers: directory)
        #expect(task.pendingRetry?.subscribers == ["failing", "silent"])
        #expect(timedOut.finish == nil)

        let retried = task.handle(.tick, at: Fixture.at(40), subscribers: directory)
        #expect(Self.actions(retried).map(\.recipient) == ["failing", "silent"])
        #expect(task.waitingFor == ["failing", "silent"])
        #expect(task.steps[0].subscribers == ["done": .done, "failing": .pending, "silent": .pending])
    }

    @Test func theRetryActionCarriesTheRunsInputAndTheStepsData() throws {
        let workflow = Fixture.workflow(
            Step(
                name: "cleanup", action: .performAction(messageType: "cleanup", data: ["filter": ["account": "123"]]), timeout: 30,
                retry: Self.policy))
        let directory = Fixture.directory(["a"], to: ["cleanup"])
        var task = RunningTask(id: Fixture.taskId, workflow: workflow, createdAt: Fixture.t0, input: ["account": "123"])
        let first = task.handle(.start, at: Fixture.t0, subscribers: directory)
        _ = task.handle(Fixture.error("cleanup", from: "a"), at: Fixture.at(1), subscribers: directory)
        let second = task.handle(.tick, at: Fixture.at(11), subscribers: directory)
        for (commands, attempt) in [(first, 1), (second, 2)] {
            guard case .action(let action)? = commands.published.first(where: { $0.kind == .action }) else {
                Issue.record("no action in attempt \(attempt)")
                continue
            }
            #expect(action.extra == ["filter": ["account": "123"], "attempt": .int(Int64(attempt)), "input": ["account": "123"]])
        }
    }

    @Test func onErrorStopAppliesOnlyAfterTheLastAttempt() throws {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(Self.collect(onError: .stop), directory)
        for (attempt, at) in [(1, 1.0), (2, 12.0)] {
            let commands = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(at), subscribers: directory)
            #expect(commands.finish == nil, "attempt \(attempt) ended the run")
            _ = task.handle(.tick, at: try #require(task.deadline), subscribers: directory)
        }
        let last = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(100), subscribers: directory)
        guard case .failure(let reason)? = last.finish else {
            Issue.record("the last attempt's error did not fail the run")
            return
        }
        #expect(reason.contains("a failed"))
        #expect(task.steps[0].attempts == 3)
        #expect(task.steps[0].state == .failed)
    }

    @Test func aFailedCommandRunsAgainAfterItsBackoff() throws {
        let workflow = Fixture.workflow(
            Step(name: "sync", action: .executeCommand("sync-now"), timeout: 30, onError: .stop, retry: RetryPolicy(attempts: 2, backoff: 5)))
        var (task, started) = Fixture.started(workflow, SubscriberDirectory())
        #expect(started.contains(.runCommand("sync-now", step: "sync")))
        let failed = task.handle(.commandFinished(step: "sync", result: .failure("exit 1")), at: Fixture.at(1), subscribers: SubscriberDirectory())
        #expect(failed.finish == nil)
        #expect(!failed.contains(.runCommand("sync-now", step: "sync")))
        #expect(task.resumeCommands().isEmpty, "a restarted core must not run the command during its backoff")
        let again = task.handle(.tick, at: Fixture.at(6), subscribers: SubscriberDirectory())
        #expect(again.contains(.runCommand("sync-now", step: "sync")))
        let succeeded = task.handle(.commandFinished(step: "sync", result: .success(output: "")), at: Fixture.at(7), subscribers: SubscriberDirectory())
        #expect(succeeded.finish == .success)
        #expect(task.steps[0].attempts == 2)
    }

    @Test func aStoppedRunCancelsItsPendingRetry() throws {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(Self.collect(), directory)
        _ = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let stopped = task.handle(.stop(reason: "by hand"), at: Fixture.at(2), subscribers: directory)
        #expect(stopped.finish == .stopped(reason: "by hand"))
        #expect(task.pendingRetry == nil)
        #expect(task.handle(.tick, at: Fixture.at(11), subscribers: directory).isEmpty)
    }

    @Test func aRetryWaitingOnItsBackoffSurvivesASnapshot() throws {
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(Self.collect(), directory)
        _ = task.handle(Fixture.done("collect", from: "b"), at: Fixture.at(1), subscribers: directory)
        _ = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(2), subscribers: directory)
        let stored = try JSONEncoder().encode(task.snapshot)
        var restored = try RunningTask(snapshot: JSONDecoder().decode(TaskSnapshot.self, from: stored))
        #expect(restored.pendingRetry == PendingRetry(due: Fixture.at(12), subscribers: ["a"]))
        #expect(restored.deadline == Fixture.at(12))
        let retried = restored.handle(.tick, at: Fixture.at(12), subscribers: directory)
        #expect(Self.actions(retried).map(\.recipient) == ["a"])
        #expect(restored.steps[0].attempts == 2)
    }

    @Test func aSubscriberThatLeftDuringTheBackoffIsNotWaitedFor() throws {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(Self.collect(), directory)
        _ = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let rest = Fixture.directory(["b"], to: ["post_collect"])
        let commands = task.handle(.tick, at: Fixture.at(11), subscribers: rest)
        #expect(Self.actions(commands).map(\.recipient) == [nil], "only post_collect's action, to everyone")
        #expect(task.currentStep?.name == "post_collect")
        #expect(task.steps[0].state == .succeeded)
    }

    @Test func aStepWithoutRetryFailsAtOnceAsBefore() throws {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(Self.collect(onError: .stop, retry: nil), directory)
        let commands = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(commands.finish != nil)
        #expect(Self.event("step_retry", in: commands) == nil)
        #expect(task.steps[0].attempts == 1)
    }

    @Test func backoffGrowsByTheFactorUpToItsCap() {
        let policy = RetryPolicy(attempts: 10, backoff: 10, factor: 3, maxBackoff: 100)
        #expect((1...5).map { policy.delay(after: $0, seed: 7) } == [10, 30, 90, 100, 100])
        #expect(RetryPolicy(attempts: 100, backoff: 1, factor: 10, maxBackoff: 86_400).delay(after: 99, seed: 1) == 86_400)
    }

    @Test func jitterTakesOffAtMostItsShareAndIsTheSameForTheSameSeed() {
        let policy = RetryPolicy(attempts: 5, backoff: 100, factor: 1, maxBackoff: 100, jitter: 0.5)
        let waits = (0..<200).map { policy.delay(after: 1, seed: UInt64($0)) }
        #expect(waits.allSatisfy { (50...100).contains($0) })
        #expect(Set(waits).count > 100, "waits of different runs spread out")
        #expect(policy.delay(after: 2, seed: 42) == policy.delay(after: 2, seed: 42))
    }
}
