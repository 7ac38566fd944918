import Foundation
import Testing

@testable import RotaEngine
@testable import RotaModel

/// The events a run publishes about itself and its steps, and the answers of the subscribers
/// each `perform_action` step asked.
@Suite("Step events and subscriber answers")
struct StepEventTests {
    let twoSteps = Fixture.workflow(.performing("collect", timeout: 10), .performing("post_collect", timeout: 10))

    /// The events among `commands`, in order.
    static func events(_ commands: [TaskCommand]) -> [Event] {
        commands.compactMap { command in
            if case .publish(.event(let event)) = command { return event }
            return nil
        }
    }

    /// The event of type `messageType` among `commands`; fails the test when there is none.
    static func event(_ messageType: String, in commands: [TaskCommand]) throws -> Event {
        try #require(events(commands).first { $0.messageType == messageType }, "no \(messageType)")
    }

    @Test func aTwoStepRunPublishesItsEventsInOrder() throws {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, commands) = Fixture.started(twoSteps, directory)
        commands += task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(2), subscribers: directory)
        commands += task.handle(Fixture.done("post_collect", from: "a"), at: Fixture.at(5.5), subscribers: directory)
        let events = Self.events(commands)
        #expect(events.map(\.messageType) == ["task_started", "task_start", "step_started", "step_end", "step_started", "step_end", "task_end"])
        #expect(events.filter { $0.messageType.hasPrefix("step_") }.map { $0.data["step"] } == ["collect", "collect", "post_collect", "post_collect"])
        for event in events {
            #expect(event.data["task_id"] == .string(Fixture.taskId), "\(event.messageType)")
            #expect(Cascade(of: event) == Cascade(["wf"]), "\(event.messageType)")
        }
    }

    @Test func stepStartedNamesTheRunTheWorkflowAndTheStep() throws {
        let (_, commands) = Fixture.started(twoSteps, Fixture.directory(["a"], to: ["collect"]))
        let started = try Self.event("step_started", in: commands)
        #expect(started.data == ["task_id": "task-1", "workflow": "wf", "step": "collect", "attempt": 1, Cascade.dataKey: ["wf"]])
    }

    @Test func stepEndCarriesTheStateTheDurationAndTheErrors() throws {
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.error("collect", from: "a", "disk full"), at: Fixture.at(1), subscribers: directory)
        let commands = task.handle(Fixture.done("collect", from: "b"), at: Fixture.at(2.25), subscribers: directory)
        let end = try Self.event("step_end", in: commands)
        #expect(
            end.data == [
                "task_id": "task-1", "workflow": "wf", "step": "collect", "state": "succeeded", "duration": 2.25, "errors": 1,
                "attempts": 1, "subscribers": ["a": "error", "b": "done"], Cascade.dataKey: ["wf"],
            ])
    }

    @Test func taskEndKeepsItsKeysAndAddsWorkflowOutcomeDurationAndErrors() throws {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let commands = task.handle(Fixture.done("post_collect", from: "a"), at: Fixture.at(61.5), subscribers: directory)
        let end = try Self.event("task_end", in: commands)
        #expect(
            end.data == [
                "task_id": "task-1", "descriptor_id": "wf", "success": true, "workflow": "wf", "outcome": "success", "duration": 61.5,
                "errors": 1, Cascade.dataKey: ["wf"],
            ])
    }

    @Test func taskStartedCarriesTheTaskIdBesideTheWorkflowName() throws {
        let (_, commands) = Fixture.started(twoSteps, SubscriberDirectory())
        let started = try Self.event("task_started", in: commands)
        #expect(started.data["task_id"] == "task-1")
        #expect(started.data["task"] == "wf")
    }

    @Test func aFailedRunEndsItsStepAsFailedAndTheRunAsAFailure() throws {
        let workflow = Fixture.workflow(.performing("collect", timeout: 10, onError: .stop))
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(workflow, directory)
        let commands = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(3), subscribers: directory)
        #expect(try Self.event("step_end", in: commands).data["state"] == "failed")
        let end = try Self.event("task_end", in: commands)
        #expect(end.data["outcome"] == "failure")
        #expect(end.data["success"] == false)
        #expect(end.data["errors"] == 1)
    }

    @Test func aStoppedRunEndsItsStepAsStopped() throws {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let commands = task.handle(.stop(reason: "by hand"), at: Fixture.at(4), subscribers: directory)
        #expect(Self.events(commands).map(\.messageType) == ["step_end", "task_end"])
        let end = try Self.event("step_end", in: commands)
        #expect(end.data["state"] == "stopped")
        #expect(end.data["duration"] == 4)
        #expect(try Self.event("task_end", in: commands).data["outcome"] == "stopped")
        #expect(task.steps[0].subscribers == ["a": .pending])
    }

    @Test func aRunStoppedBeforeItStartedPublishesNoStepEvent() {
        var task = RunningTask(id: Fixture.taskId, workflow: twoSteps, createdAt: Fixture.t0)
        let commands = task.handle(.stop(reason: "by hand"), at: Fixture.t0, subscribers: SubscriberDirectory())
        #expect(Self.events(commands).map(\.messageType) == ["task_end"])
    }

    @Test func everyKindOfStepPublishesItsStartAndEnd() {
        let workflow = Fixture.workflow(
            .performing("collect", timeout: 10), Step(name: "announce", action: .emitEvent(Event(messageType: "announced", data: [:]))),
            Step(name: "script", action: .executeCommand("true")), Step(name: "await", action: .waitForEvent(messageType: "ready", filter: [:])))
        var (task, commands) = Fixture.started(workflow, SubscriberDirectory())
        commands += task.handle(.commandFinished(step: "script", result: .success(output: "")), at: Fixture.at(1), subscribers: SubscriberDirectory())
        commands += task.handle(.message(.event(Event(messageType: "ready", data: [:]))), at: Fixture.at(2), subscribers: SubscriberDirectory())
        let stepEvents = Self.events(commands).filter { $0.messageType.hasPrefix("step_") }
        #expect(
            stepEvents.map { "\($0.messageType) \($0.data["step"]?.stringValue ?? "")" } == [
                "step_started collect", "step_end collect", "step_started announce", "step_end announce", "step_started script",
                "step_end script", "step_started await", "step_end await",
            ])
        #expect(task.outcome == .success)
        #expect(task.steps.allSatisfy { $0.subscribers.isEmpty })
    }

    // MARK: - Subscriber answers

    @Test func theStepListsEverySubscriberItAskedAsPending() {
        var directory = Fixture.directory(["a", "b"], to: ["collect"])
        directory.update(Subscriber(id: "listener", subscriptions: [Subscription(messageType: "collect", waitForCompletion: false)]))
        let (task, _) = Fixture.started(twoSteps, directory)
        #expect(task.steps[0].subscribers == ["a": .pending, "b": .pending, "listener": .pending])
        #expect(task.steps[1].subscribers.isEmpty)
    }

    @Test func anAnswerOfDoneShowsDone() {
        let directory = Fixture.directory(["a", "b"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(task.steps[0].subscribers == ["a": .done, "b": .pending])
    }

    @Test func anActionErrorShowsError() {
        let directory = Fixture.directory(["a", "b"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        _ = task.handle(Fixture.done("collect", from: "b"), at: Fixture.at(2), subscribers: directory)
        #expect(task.steps[0].subscribers == ["a": .error, "b": .done])
    }

    @Test func aStepThatTimesOutShowsTheSilentSubscriberTimedOut() throws {
        let directory = Fixture.directory(["a", "silent"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let commands = task.handle(.tick, at: Fixture.at(60), subscribers: directory)
        #expect(task.steps[0].subscribers == ["a": .done, "silent": .timedOut])
        let end = try Self.event("step_end", in: commands)
        #expect(end.data["state"] == "timed_out")
        #expect(end.data["errors"] == 1)
    }

    @Test func aTimeoutUnderStopAlsoShowsTheSilentSubscriberTimedOut() {
        let workflow = Fixture.workflow(.performing("collect", timeout: 10, onError: .stop))
        let directory = Fixture.directory(["silent"], to: ["collect"])
        var (task, _) = Fixture.started(workflow, directory)
        _ = task.handle(.tick, at: Fixture.at(60), subscribers: directory)
        #expect(task.outcome == .failure(reason: "step collect timed out; no answer from silent"))
        #expect(task.steps[0].subscribers == ["silent": .timedOut])
    }

    @Test func aSubscriberNotWaitedForShowsItsFirstAnswer() {
        var directory = Fixture.directory(["a"], to: ["collect"])
        directory.update(Subscriber(id: "listener", subscriptions: [Subscription(messageType: "collect", waitForCompletion: false)]))
        var (task, _) = Fixture.started(twoSteps, directory)
        let commands = task.handle(.message(.actionError(Fixture.action("collect", from: "listener"), error: "no")), at: Fixture.at(1), subscribers: directory)
        #expect(commands.first == .persist)
        _ = task.handle(Fixture.done("collect", from: "listener"), at: Fixture.at(2), subscribers: directory)
        #expect(task.steps[0].subscribers == ["a": .pending, "listener": .error])
    }

    @Test func anActorNeverAskedIsNotListed() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        let stranger = Fixture.directory(["a", "stranger"], to: ["collect"])
        #expect(task.handle(Fixture.done("collect", from: "stranger"), at: Fixture.at(1), subscribers: stranger).isEmpty)
        #expect(task.steps[0].subscribers == ["a": .pending])
    }

    @Test func answersSurviveASnapshot() throws {
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(twoSteps, directory)
        _ = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let data = try JSONEncoder().encode(task.snapshot)
        let resumed = try RunningTask(snapshot: JSONDecoder().decode(TaskSnapshot.self, from: data))
        #expect(resumed.steps[0].subscribers == ["a": .error, "b": .pending])
    }

    @Test func aRecordStoredWithoutAnswersOrAttemptsReadsWithNoneAndOneAttempt() throws {
        let stored = #"{"name":"collect","state":"succeeded","startedAt":0,"endedAt":1,"errors":0}"#
        let record = try JSONDecoder().decode(StepRecord.self, from: Data(stored.utf8))
        #expect(
            record
                == StepRecord(
                    name: "collect", state: .succeeded, startedAt: Date(timeIntervalSinceReferenceDate: 0), endedAt: Date(timeIntervalSinceReferenceDate: 1),
                    attempts: 1))
        #expect(record.subscribers.isEmpty)
        let pending = try JSONDecoder().decode(StepRecord.self, from: Data(#"{"name":"collect","state":"pending","errors":0}"#.utf8))
        #expect(pending.attempts == 0)
    }
}
