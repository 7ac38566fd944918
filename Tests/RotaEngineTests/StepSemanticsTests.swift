import Foundation
import Testing

@testable import RotaEngine
@testable import RotaModel

/// Every rule of "Step semantics" in `docs/PROTOCOL.md`, fed as inputs and checked on the commands.
@Suite("Step semantics")
struct StepSemanticsTests {
    let twoSteps = Fixture.workflow(.performing("collect", timeout: 10), .performing("post_collect", timeout: 10))

    @Test func startPublishesTheFirstActionAndTaskEvents() {
        let (task, commands) = Fixture.started(twoSteps, Fixture.directory(["a"], to: ["collect", "post_collect"]))
        #expect(commands.first == .persist)
        #expect(commands.events == ["task_started", "task_start", "step_started"])
        #expect(commands.actions == ["collect"])
        #expect(task.currentStep?.name == "collect")
        #expect(task.waitingFor == ["a"])
        #expect(task.steps[0].state == .running)
        #expect(task.steps[0].startedAt == Fixture.t0)
    }

    @Test func stepIsDoneWhenEveryBlockingSubscriberHasAnswered() {
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let first = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(first == [.persist])
        #expect(task.waitingFor == ["b"])
        let second = task.handle(Fixture.done("collect", from: "b"), at: Fixture.at(2), subscribers: directory)
        #expect(second.actions == ["post_collect"])
        #expect(task.steps[0].state == .succeeded)
        #expect(task.steps[0].endedAt == Fixture.at(2))
        #expect(task.currentStep?.name == "post_collect")
    }

    @Test func lastAnswerOfTheLastStepEndsTheRunWithSuccess() {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let commands = task.handle(Fixture.done("post_collect", from: "a"), at: Fixture.at(2), subscribers: directory)
        #expect(commands.finish == .success)
        #expect(commands.events == ["step_end", "task_end"])
        #expect(task.outcome == .success)
        #expect(task.handle(Fixture.done("post_collect", from: "a"), at: Fixture.at(3), subscribers: directory).isEmpty)
    }

    @Test func persistComesBeforeEveryPublication() {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let commands = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(commands.first == .persist)
        #expect(commands.dropFirst().map(\.isPublication) == [true, true, true])
        #expect(commands.events == ["step_end", "step_started"])
        #expect(commands.last == .publish(Fixture.firstAction("post_collect")))
    }

    @Test func stepWithoutBlockingSubscribersIsDoneAtOnceButStillPublished() {
        let directory = Fixture.directory(["listener"], to: ["collect"], waitForCompletion: false)
        let (task, commands) = Fixture.started(twoSteps, directory)
        #expect(commands.actions == ["collect", "post_collect"])
        #expect(commands.finish == .success)
        #expect(task.steps.map(\.state) == [.succeeded, .succeeded])
    }

    @Test func nonBlockingSubscriberIsNotWaitedFor() {
        var directory = Fixture.directory(["blocking"], to: ["collect"])
        directory.update(Subscriber(id: "listener", subscriptions: [Subscription(messageType: "collect", waitForCompletion: false)]))
        let (task, _) = Fixture.started(twoSteps, directory)
        #expect(task.waitingFor == ["blocking"])
    }

    @Test func blockingSetIsTakenWhenTheStepBegins() {
        var directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        directory.update(Subscriber(id: "late", subscriptions: [Subscription(messageType: "collect")]))
        let commands = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(commands.actions == ["post_collect"])
        #expect(task.steps[0].state == .succeeded)
    }

    @Test func answersFromOthersOrForOtherStepsAreIgnored() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        #expect(task.handle(Fixture.done("collect", from: "stranger"), at: Fixture.at(1), subscribers: directory).isEmpty)
        #expect(task.handle(Fixture.done("collect", from: "a", task: "other-task"), at: Fixture.at(1), subscribers: directory).isEmpty)
        #expect(task.handle(Fixture.done("collect", from: "a", step: "post_collect"), at: Fixture.at(1), subscribers: directory).isEmpty)
        #expect(task.handle(Fixture.done("post_collect", from: "a", step: "collect"), at: Fixture.at(1), subscribers: directory).isEmpty)
        #expect(task.waitingFor == ["a"])
    }

    @Test func answerWithoutSubscriberIdIsIgnored() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let anonymous = TaskInput.message(.actionDone(Fixture.action("collect", from: nil)))
        #expect(task.handle(anonymous, at: Fixture.at(1), subscribers: directory).isEmpty)
        #expect(task.waitingFor == ["a"])
    }

    @Test func stepTimeoutIsTheLongestOfItsOwnAndItsBlockingSubscribers() {
        var directory = Fixture.directory(["slow"], to: ["collect"], timeout: 300)
        directory.update(Subscriber(id: "listener", subscriptions: [Subscription(messageType: "collect", waitForCompletion: false, timeout: 900)]))
        let (task, _) = Fixture.started(twoSteps, directory)
        #expect(task.deadline == Fixture.at(300))
        let (quick, _) = Fixture.started(twoSteps, Fixture.directory(["fast"], to: ["collect"], timeout: 2))
        #expect(quick.deadline == Fixture.at(10))
    }

    @Test func tickBeforeTheDeadlineChangesNothing() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        #expect(task.handle(.tick, at: Fixture.at(59.9), subscribers: directory).isEmpty)
        #expect(task.currentStep?.name == "collect")
    }

    @Test func timeoutWithContinueMovesToTheNextStep() {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let commands = task.handle(.tick, at: Fixture.at(60), subscribers: directory)
        #expect(task.steps[0].state == .timedOut)
        #expect(task.steps[0].errors == 1)
        #expect(commands.events == ["error", "step_end", "step_started"])
        #expect(commands.actions == ["post_collect"])
        #expect(commands.logEntries.first?.message == "step collect timed out; no answer from a")
        #expect(task.waitingFor == ["a"])
        #expect(task.currentStep?.name == "post_collect")
    }

    @Test func timeoutWithStopEndsTheRunAsFailedAndAbortsThePending() {
        let workflow = Fixture.workflow(.performing("collect", timeout: 10, onError: .stop), .performing("post_collect", timeout: 10))
        let directory = Fixture.directory(["a", "b"], to: ["collect"], timeout: 5)
        var (task, _) = Fixture.started(workflow, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let commands = task.handle(.tick, at: Fixture.at(10), subscribers: directory)
        #expect(commands.aborts == ["collect"])
        #expect(commands.finish == .failure(reason: "step collect timed out; no answer from b"))
        #expect(task.steps.map(\.state) == [.timedOut, .pending])
        #expect(commands.actions.isEmpty)
    }

    @Test func actionErrorWithContinueCountsAsThatSubscribersAnswer() {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let commands = task.handle(Fixture.error("collect", from: "a", "disk full"), at: Fixture.at(1), subscribers: directory)
        #expect(commands.actions == ["post_collect"])
        #expect(commands.events == ["error", "step_end", "step_started"])
        #expect(commands.logEntries == [TaskLogEntry(at: Fixture.at(1), level: .error, step: "collect", subscriberId: "a", message: "disk full")])
        #expect(task.steps[0].state == .succeeded)
        #expect(task.steps[0].errors == 1)
        #expect(task.errorCount == 1)
    }

    @Test func actionErrorWithStopEndsTheRunAndAbortsTheOthers() {
        let workflow = Fixture.workflow(.performing("collect", timeout: 10, onError: .stop), .performing("post_collect", timeout: 10))
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(workflow, directory)
        let commands = task.handle(Fixture.error("collect", from: "a", "disk full"), at: Fixture.at(1), subscribers: directory)
        #expect(commands.finish == .failure(reason: "step collect: a failed: disk full"))
        #expect(commands.aborts == ["collect"])
        #expect(commands.events == ["error", "step_end", "task_end"])
        #expect(task.steps.map(\.state) == [.failed, .pending])
        #expect(task.outcome?.isSuccess == false)
    }

    @Test func actionErrorFromANonBlockingSubscriberIsLoggedButNotAnAnswer() {
        var directory = Fixture.directory(["a"], to: ["collect"])
        directory.update(Subscriber(id: "listener", subscriptions: [Subscription(messageType: "collect", waitForCompletion: false)]))
        let workflow = Fixture.workflow(.performing("collect", timeout: 10, onError: .stop))
        var (task, _) = Fixture.started(workflow, directory)
        let commands = task.handle(Fixture.error("collect", from: "listener"), at: Fixture.at(1), subscribers: directory)
        #expect(commands.logEntries.count == 1)
        #expect(commands.finish == nil)
        #expect(task.waitingFor == ["a"])
    }

    @Test func subscriberRemovedMidStepIsNoLongerWaitedFor() {
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let commands = task.handle(.subscriberRemoved("b", messageType: nil), at: Fixture.at(2), subscribers: directory)
        #expect(commands.actions == ["post_collect"])
        #expect(task.steps[0].state == .succeeded)
    }

    @Test func unsubscribingFromAnotherTypeKeepsTheWait() {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        #expect(task.handle(.subscriberRemoved("a", messageType: "post_collect"), at: Fixture.at(1), subscribers: directory).isEmpty)
        #expect(task.waitingFor == ["a"])
        let commands = task.handle(.subscriberRemoved("a", messageType: "collect"), at: Fixture.at(2), subscribers: directory)
        #expect(commands.first == .persist)
        #expect(task.waitingFor == ["a"])
        #expect(task.currentStep?.name == "post_collect")
    }

    @Test func waitForEventIsDoneOnlyByAMatchingEvent() {
        let workflow = Fixture.workflow(
            Step(name: "wait", action: .waitForEvent(messageType: "deployed", filter: ["env": "prod"]), timeout: 30),
            .performing("collect", timeout: 10))
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, start) = Fixture.started(workflow, directory)
        #expect(start.actions.isEmpty)
        #expect(task.deadline == Fixture.at(30))
        let wrongType = TaskInput.message(.event(Event(messageType: "built", data: ["env": "prod"])))
        let wrongData = TaskInput.message(.event(Event(messageType: "deployed", data: ["env": "dev"])))
        let matching = TaskInput.message(.event(Event(messageType: "deployed", data: ["env": "prod", "version": 3])))
        #expect(task.handle(wrongType, at: Fixture.at(1), subscribers: directory).isEmpty)
        #expect(task.handle(wrongData, at: Fixture.at(2), subscribers: directory).isEmpty)
        let commands = task.handle(matching, at: Fixture.at(3), subscribers: directory)
        #expect(commands.actions == ["collect"])
        #expect(task.steps[0].state == .succeeded)
    }

    @Test func waitForEventTimesOutLikeAnyStep() {
        let workflow = Fixture.workflow(Step(name: "wait", action: .waitForEvent(messageType: "deployed", filter: [:]), timeout: 30, onError: .stop))
        var (task, _) = Fixture.started(workflow, SubscriberDirectory())
        let commands = task.handle(.tick, at: Fixture.at(30), subscribers: SubscriberDirectory())
        #expect(commands.finish == .failure(reason: "step wait timed out"))
    }

    @Test func emitEventPublishesTheEventAndMovesOn() {
        let event = Event(messageType: "collect_done", data: ["count": 3])
        let workflow = Fixture.workflow(Step(name: "announce", action: .emitEvent(event)), .performing("collect", timeout: 10))
        let (task, commands) = Fixture.started(workflow, Fixture.directory(["a"], to: ["collect"]))
        #expect(commands.published.contains(.event(task.eventCascade.stamped(on: event))))
        #expect(commands.actions == ["collect"])
        #expect(task.steps[0].state == .succeeded)
    }

    @Test func executeCommandRunsAndFinishesWithTheCommand() {
        let workflow = Fixture.workflow(Step(name: "notify", action: .executeCommand("http post http://hook"), timeout: 20))
        var (task, start) = Fixture.started(workflow, SubscriberDirectory())
        #expect(start.contains(.runCommand("http post http://hook", step: "notify")))
        #expect(task.deadline == Fixture.at(20))
        #expect(task.handle(.commandFinished(step: "other", result: .success(output: "")), at: Fixture.at(1), subscribers: SubscriberDirectory()).isEmpty)
        let commands = task.handle(.commandFinished(step: "notify", result: .success(output: "200 OK")), at: Fixture.at(2), subscribers: SubscriberDirectory())
        #expect(commands.logEntries.map(\.message) == ["200 OK"])
        #expect(commands.finish == .success)
    }

    @Test func failedCommandFollowsTheStepsErrorPolicy() {
        let stop = Fixture.workflow(Step(name: "run", action: .executeCommand("x"), onError: .stop), .performing("collect", timeout: 1))
        var (stopping, _) = Fixture.started(stop, SubscriberDirectory())
        let stopped = stopping.handle(.commandFinished(step: "run", result: .failure("exit 1")), at: Fixture.at(1), subscribers: SubscriberDirectory())
        #expect(stopped.finish == .failure(reason: "step run: command failed: exit 1"))

        let carryOn = Fixture.workflow(Step(name: "run", action: .executeCommand("x")), .performing("collect", timeout: 1))
        var (continuing, _) = Fixture.started(carryOn, SubscriberDirectory())
        let continued = continuing.handle(.commandFinished(step: "run", result: .failure("exit 1")), at: Fixture.at(1), subscribers: SubscriberDirectory())
        #expect(continued.finish == .success)
        #expect(continuing.errorCount == 1)
    }

    @Test func stopSendsActionAbortToPendingSubscribers() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let commands = task.handle(.stop(reason: "by user"), at: Fixture.at(5), subscribers: directory)
        #expect(commands.first == .persist)
        #expect(commands.published.first == .actionAbort(ActionMessage(messageType: "collect", task: Fixture.taskId, step: "collect")))
        #expect(commands.finish == .stopped(reason: "by user"))
        #expect(task.steps.map(\.state) == [.stopped, .pending])
        #expect(task.pendingAction(for: "a") == nil)
    }

    @Test func stopWithNothingPendingSendsNoAbort() {
        let workflow = Fixture.workflow(Step(name: "wait", action: .waitForEvent(messageType: "x", filter: [:])))
        var (task, _) = Fixture.started(workflow, SubscriberDirectory())
        let commands = task.handle(.stop(reason: "by user"), at: Fixture.at(1), subscribers: SubscriberDirectory())
        #expect(commands.aborts.isEmpty)
        #expect(commands.finish == .stopped(reason: "by user"))
    }

    @Test func pendingActionIsOwedUntilAnswered() {
        let directory = Fixture.directory(["a", "b"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let owed = Fixture.firstAction("collect")
        #expect(task.pendingAction(for: "a") == owed)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(task.pendingAction(for: "a") == nil)
        #expect(task.pendingAction(for: "b") == owed)
        #expect(task.pendingAction(for: "nobody") == nil)
    }

    @Test func actionInfoGoesToTheLogAndErrorsAreCounted() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let note = TaskInput.message(.actionInfo(Fixture.action("collect", from: "a"), level: .info, message: "3 accounts"))
        let info = task.handle(note, at: Fixture.at(1), subscribers: directory)
        #expect(info == [.log(TaskLogEntry(at: Fixture.at(1), level: .info, step: "collect", subscriberId: "a", message: "3 accounts"))])
        let problem = TaskInput.message(.actionInfo(Fixture.action("collect", from: "a"), level: .error, message: "account x unreachable"))
        let error = task.handle(problem, at: Fixture.at(2), subscribers: directory)
        #expect(error.events == ["error"])
        #expect(error.first == .persist)
        #expect(task.errorCount == 1)
        #expect(task.waitingFor == ["a"])
    }

    @Test func stopBeforeStartEndsTheRun() {
        var task = RunningTask(id: Fixture.taskId, workflow: twoSteps, createdAt: Fixture.t0)
        let commands = task.handle(.stop(reason: "replaced"), at: Fixture.t0, subscribers: SubscriberDirectory())
        #expect(commands.finish == .stopped(reason: "replaced"))
        #expect(commands.actions.isEmpty)
    }
}
