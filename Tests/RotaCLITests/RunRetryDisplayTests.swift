import Foundation
import RotaModel
import Testing

@testable import RotaCLI

/// How a followed run, and `rota events`, show a step that is tried again: the failed attempt and
/// when the next begins, each attempt's start, and how many attempts the step took.
@Suite struct RunRetryDisplayTests {
    static func task(_ steps: [(name: String, state: String, errors: Int, attempts: Int?)], state: String = "running", retryAt: String? = nil)
        -> JSONValue
    {
        .object([
            "state": .string(state), "retry_at": retryAt.map(JSONValue.string) ?? .null,
            "steps": .array(
                steps.map { step in
                    var object: [String: JSONValue] = ["name": .string(step.name), "state": .string(step.state), "progress": 0, "errors": .int(Int64(step.errors))]
                    if let attempts = step.attempts { object["attempts"] = .int(Int64(attempts)) }
                    return .object(object)
                }),
        ])
    }

    static func retry(task: String = "t1", step: String = "collect", attempt: JSONValue = 1, retryIn: JSONValue = 10, reason: JSONValue = "worker-2: rate limited")
        -> Message
    {
        .event(
            Event(
                messageType: "step_retry",
                data: ["task_id": .string(task), "workflow": "w", "step": .string(step), "attempt": attempt, "retry_in": retryIn,
                       "due": "2026-11-23T10:00:10.000Z", "reason": reason]))
    }

    @Test func aRetriedStepSaysWhichAttemptFailedWhichBeganAndHowManyItTook() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        #expect(watch.receive(task: Self.task([("collect", "running", 0, 1)])) == [.stepStarted("collect")])
        #expect(watch.receive(Self.retry()) == ([.stepRetrying("collect", failedAttempt: 1, retryIn: 10, reason: "worker-2: rate limited")], true))
        #expect(watch.receive(task: Self.task([("collect", "running", 1, 1)])) == [])
        #expect(watch.steps.first?.retryDue == "2026-11-23T10:00:10.000Z")
        #expect(watch.receive(task: Self.task([("collect", "running", 1, 2)])) == [.attemptStarted("collect", attempt: 2)])
        #expect(watch.steps.first?.retryDue == nil)
        #expect(watch.receive(task: Self.task([("collect", "succeeded", 1, 2)])) == [.stepEnded("collect", state: "succeeded", errors: 1, attempts: 2)])
    }

    @Test func aRetryTheBusDidNotBringIsToldFromTheRunsStateAndOnlyOnce() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        _ = watch.receive(task: Self.task([("collect", "running", 0, 1)]))
        #expect(
            watch.receive(task: Self.task([("collect", "running", 2, 3)]))
                == [.stepRetrying("collect", failedAttempt: 1, retryIn: -1, reason: nil), .stepRetrying("collect", failedAttempt: 2, retryIn: -1, reason: nil),
                    .attemptStarted("collect", attempt: 3)])
        #expect(watch.receive(Self.retry(attempt: 2)).changes.isEmpty, "a late step_retry of a failure already told is not told again")
        #expect(HumanText.retry(failedAttempt: 1, retryIn: -1, reason: nil) == "attempt 1 failed")
    }

    @Test func theRunsRetryTimeShowsWhenTheNextAttemptBeginsWithoutTheBus() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        _ = watch.receive(task: Self.task([("done", "succeeded", 0, 1), ("collect", "running", 1, 1)], retryAt: "2026-11-23T10:00:10.000Z"))
        #expect(watch.steps.map(\.retryDue) == [nil, "2026-11-23T10:00:10.000Z"])
        _ = watch.receive(task: Self.task([("done", "succeeded", 0, 1), ("collect", "running", 1, 2)]))
        #expect(watch.steps.map(\.retryDue) == [nil, nil])
    }

    @Test func aStepOfACoreWithoutAttemptsWasTriedOnce() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        _ = watch.receive(task: Self.task([("a", "running", 0, nil), ("b", "pending", 0, nil)]))
        #expect(watch.steps.map(\.attempts) == [1, 0])
        #expect(watch.receive(task: Self.task([("a", "failed", 1, nil), ("b", "pending", 0, nil)])) == [.stepEnded("a", state: "failed", errors: 1, attempts: 1)])
    }

    @Test func aRetryOfAnotherRunOrWithoutItsKeysIsIgnored() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        #expect(watch.receive(Self.retry(task: "t2")) == ([], false))
        #expect(watch.receive(Self.retry(attempt: "one")) == ([], false))
        #expect(watch.receive(Self.retry(attempt: 1.5)) == ([], false))
        #expect(watch.receive(Self.retry(attempt: 1e300)) == ([], false))
    }

    @Test func plainLinesTellTheRetryWithTheErrorsBeforeIt() {
        let captured = CapturedConsole()
        var display = PlainRunDisplay(console: captured.console)
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        display.show(watch.receive(task: Self.task([("collect", "running", 0, 1)])), of: watch)
        display.show(watch.receive(.event(Event(messageType: "error", data: ["task": "t1", "message": "worker-2: rate limited"]))).changes, of: watch)
        display.show(watch.receive(Self.retry()).changes, of: watch)
        display.show(watch.receive(task: Self.task([("collect", "running", 1, 2)])), of: watch)
        display.show(watch.receive(task: Self.task([("collect", "succeeded", 1, 2)])), of: watch)
        #expect(
            captured.output == """
                step collect started
                error: worker-2: rate limited
                step collect attempt 1 failed (worker-2: rate limited); attempt 2 in 10s
                step collect attempt 2 started
                step collect succeeded after 2 attempts (1 error)

                """)
    }

    @Test func theTerminalShowsTheAttemptAndWhenTheNextBegins() {
        let captured = CapturedConsole(isTerminal: true)
        var display = TerminalRunDisplay(console: captured.console)
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        _ = watch.receive(task: Self.task([("collect", "running", 1, 1)]))
        _ = watch.receive(Self.retry())
        display.show([], of: watch)
        #expect(captured.output.contains("1 error  attempt 1 failed, next at 2026-11-23 10:00:10Z"))
        display.show(watch.receive(task: Self.task([("collect", "running", 1, 2)])), of: watch)
        #expect(captured.output.hasSuffix("1 error  attempt 2\n"))
        display.show(watch.receive(task: Self.task([("collect", "succeeded", 1, 3)])), of: watch)
        #expect(captured.output.hasSuffix("1 error  3 attempts\n"))
    }

    @Test func eventsTellARetryInWords() {
        let line = EventsFollowCommand.line(Self.retry(), at: Date(timeIntervalSince1970: 0))
        #expect(
            line == "1970-01-01T00:00:00.000Z  step_retry  run t1 step collect: attempt 1 failed (worker-2: rate limited); attempt 2 in 10s, at 2026-11-23 10:00:10Z")
        let atOnce = EventsFollowCommand.line(Self.retry(retryIn: 0, reason: .null), at: Date(timeIntervalSince1970: 0))
        #expect(atOnce.hasSuffix("run t1 step collect: attempt 1 failed; attempt 2 at once, at 2026-11-23 10:00:10Z"))
    }

    @Test func aRetryEventAnyClientCanSendNeverBreaksTheLine() {
        let huge = EventsFollowCommand.line(Self.retry(attempt: .int(Int64.max), retryIn: 1e308, reason: .string(String(repeating: "x", count: 5000))), at: Date(timeIntervalSince1970: 0))
        #expect(huge.contains("attempt \(Int64.max) failed"))
        #expect(huge.contains("attempt next in 365d00h"))
        #expect(huge.count < 400)
        let malformed = EventsFollowCommand.line(Self.retry(attempt: "first"), at: Date(timeIntervalSince1970: 0))
        #expect(malformed.hasPrefix("1970-01-01T00:00:00.000Z  step_retry  {"))
    }
}
