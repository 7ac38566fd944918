import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// The core's rules, tested by feeding `CoreMachine` inputs: no sockets, clocks or sleeps.
@Suite struct CoreMachineTests {
    static let worker = Subscriber(id: "a", subscriptions: [Subscription(messageType: "work", timeout: 60)])
    static let other = Subscriber(id: "b", subscriptions: [Subscription(messageType: "work", timeout: 60)])

    // MARK: - Store first, then publish

    @Test func nothingIsPublishedBeforeTheBatchThatCausedItIsStored() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker])
        let taskId = try core.runId("w")
        #expect(core.published.isEmpty, "the action of a run that is not stored must not be published")
        let batch = try #require(core.storing)
        #expect(batch.changes.running.map(\.id) == [taskId])
        #expect(batch.changes.outbox.count == 4, "task_started, task_start, step_started and the action go with the run's state")
        core.storeOne()
        #expect(core.publishedEvents == ["task_started", "task_start", "step_started"])
        #expect(core.published.contains { if case .action(let action) = $0 { return action.task == taskId } else { return false } })
    }

    @Test func inputsThatArriveWhileABatchIsStoredShareTheNextBatch() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work", onSurpass: .parallel)], subscribers: [Self.worker])
        let first = try core.runId("w")
        let firstBatch = try #require(core.storing)
        let second = try core.runId("w")
        let third = try core.runId("w")
        #expect(core.storing?.number == firstBatch.number, "one batch is stored at a time")
        core.storeOne()
        let next = try #require(core.storing)
        #expect(Set(next.changes.running.map(\.id)) == [second, third])
        #expect(!next.changes.running.map(\.id).contains(first))
    }

    @Test func aRequestIsToldWhichInputNumberMakesItDurable() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker])
        let started = core.handle(.start(workflow: "w", reason: "test", cascade: nil))
        let sequence = try #require(started.storedBy)
        let storing = core.storeOne()
        let stored = try #require(storing)
        #expect(stored.actions.contains { if case .resume(let upTo) = $0 { return upTo >= sequence } else { return false } })
    }

    @Test func aFailedStoreIsTriedAgainWithTheLaterChangesAndAGrowingDelay() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work", onSurpass: .parallel)], subscribers: [Self.worker])
        let first = try core.runId("w")
        core.failStore()
        let retry = try #require(core.storing)
        #expect(retry.delay == .milliseconds(100))
        #expect(retry.changes.running.map(\.id) == [first])
        #expect(core.published.isEmpty)
        core.failStore()
        #expect(core.storing?.delay == .milliseconds(200))
        core.storeOne()
        #expect(core.publishedEvents.count == 3)
        #expect(core.stored.running[first] != nil)
    }

    @Test func publishedMessagesLeaveTheOutboxWithTheNextBatch() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker])
        let taskId = try core.runId("w")
        core.storeOne()
        #expect(core.stored.outbox.count == 4, "stored and published, not yet known to be published in the store")
        core.answer(taskId, step: "work", as: "a")
        core.storeAll()
        #expect(core.stored.history[taskId]?.outcome == .success)
        #expect(Set(core.stored.outbox.values.compactMap { try? $0.message().messageType }) == ["step_end", "task_end"])
        core.handle(.finish)
        core.storeAll()
        #expect(core.stored.outbox.isEmpty, "the core stores the list of published messages as it stops")
    }

    // MARK: - Crash and restart

    @Test func aCrashBetweenCommitAndPublishLosesNoEventAndTheSameIdIsPublishedAgain() throws {
        let job = Workflow(
            id: "on_end", steps: [Step(name: "note", action: .emitEvent(Event(messageType: "noted")))],
            triggers: [.event(messageType: "task_end", filter: nil)])
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work"), job], subscribers: [Self.worker])
        let taskId = try core.runId("w")
        core.storeAll()
        core.answer(taskId, step: "work", as: "a")
        let batch = try #require(core.storing)
        let storedEnd = try #require(batch.changes.outbox.first { (try? $0.message().messageType) == "task_end" })
        var model = core.stored
        model.apply(batch.changes)

        var restarted = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work"), job], subscribers: [Self.worker], restore: model, seed: 8)
        let republished = restarted.published.compactMap { message -> Event? in
            if case .event(let event) = message, event.messageType == "task_end" { return event }
            return nil
        }
        #expect(republished.map(\.id) == [storedEnd.id], "the stored task_end is published on start, with its id")
        restarted.storeAll()
        #expect(restarted.stored.history[taskId]?.outcome == .success)
        #expect(restarted.stored.history.values.map(\.workflowId).sorted() == ["on_end", "w"], "the event started the job it triggers, once")
    }

    @Test func aQueuedRunHasItsIdAtOnceSurvivesARestartAndStartsWithThatId() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work", onSurpass: .wait)], subscribers: [Self.worker])
        let active = try core.runId("w")
        guard case .queued(let queuedId)? = core.start("w") else { throw TestFailure("the second run is not queued") }
        let third = core.start("w")
        #expect(third == .skipped, "Wait keeps at most one queued run")
        core.storeAll()
        #expect(core.stored.queued[queuedId] != nil)
        guard case .queued(let found)? = core.machine.lookUp(queuedId) else { throw TestFailure("the queued run is not found by its id") }
        #expect(found.workflowId == "w")

        var restarted = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work", onSurpass: .wait)], subscribers: [Self.worker], restore: core.stored, seed: 8)
        let again = restarted.start("w")
        #expect(again == .skipped, "the restored queue is still full")
        restarted.answer(active, step: "work", as: "a")
        #expect(restarted.machine.task(queuedId) != nil, "the queued run starts with the id it was given")
        restarted.storeAll()
        #expect(restarted.stored.queued.isEmpty)
        #expect(restarted.stored.running[queuedId] != nil)
    }

    @Test func aQueuedRunCanBeStoppedBeforeItStarts() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work", onSurpass: .wait)], subscribers: [Self.worker])
        let active = try core.runId("w")
        let queuedId = try core.runId("w")
        guard case .stop(true) = core.handle(.stop(queuedId, reason: "not needed")).reply else { throw TestFailure("the queued run is not stopped") }
        core.storeAll()
        #expect(core.stored.queued.isEmpty)
        #expect(core.stored.history[queuedId]?.outcome == .stopped(reason: "not needed"))
        core.answer(active, step: "work", as: "a")
        #expect(core.machine.runningTasks().isEmpty, "nothing was left queued")
    }

    @Test func onRestartARunResumesInItsStepAndItsActionIsOwedToTheSubscriber() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.sequence("w", ["work", "more"])], subscribers: [Self.worker])
        let taskId = try core.runId("w")
        core.storeAll()
        let restarted = CoreMachineHarness(workflows: [TestWorkflows.sequence("w", ["work", "more"])], subscribers: [Self.worker], restore: core.stored, seed: 8)
        let owed = restarted.machine.pendingActions(for: "a")
        #expect(owed.compactMap(\.actionMessage?.task) == [taskId])
        #expect(owed.first?.actionMessage?.step == "work")
    }

    @Test func aSubscriptionRemovedJustBeforeACrashIsNoLongerWaitedForAfterTheRestart() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker, Self.other])
        let taskId = try core.runId("w")
        core.storeAll()
        core.answer(taskId, step: "work", as: "a")
        core.storeAll()
        let restarted = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker], restore: core.stored, seed: 8)
        #expect(restarted.machine.task(taskId) == nil, "b's subscription is gone: the step no longer waits for it and ends")
    }

    @Test func actionsOfARunWhoseStateIsNotStoredAreNotOwedOnConnect() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker])
        _ = try core.runId("w")
        #expect(core.machine.pendingActions(for: "a").isEmpty, "the run is not stored: its action is published once it is")
        core.storeAll()
        #expect(core.machine.pendingActions(for: "a").count == 1)
    }

    // MARK: - Answers

    @Test func anAnswerCountsOnceHoweverOftenItArrives() throws {
        var core = CoreMachineHarness(
            workflows: [TestWorkflows.sequence("w", ["work", "more"])],
            subscribers: [
                Subscriber(id: "a", subscriptions: [Subscription(messageType: "work", timeout: 60), Subscription(messageType: "more", timeout: 60)]),
                Subscriber(id: "b", subscriptions: [Subscription(messageType: "work", timeout: 60), Subscription(messageType: "more", timeout: 60)]),
            ])
        let taskId = try core.runId("w")
        core.storeAll()
        core.answer(taskId, step: "work", as: "a")
        core.answer(taskId, step: "work", as: "a")
        #expect(core.machine.task(taskId)?.currentStep?.name == "work", "b has not answered: a's second answer does not count")
        core.answer(taskId, step: "work", as: "b")
        #expect(core.machine.task(taskId)?.currentStep?.name == "more")
    }

    @Test func anImpostorsAnswerIsIgnored() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker])
        let taskId = try core.runId("w")
        core.storeAll()
        core.answer(taskId, step: "work", as: "impostor")
        #expect(core.machine.task(taskId) != nil, "an answer of a subscriber the step does not wait for ends nothing")
        core.answer(taskId, step: "work", as: "a")
        #expect(core.machine.task(taskId) == nil)
    }

    @Test func aRemovedSubscriberIsNoLongerWaitedFor() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker, Self.other])
        let taskId = try core.runId("w")
        core.answer(taskId, step: "work", as: "a")
        core.handle(.subscribersChanged(SubscriberDirectory([Self.worker]), removed: [SubscriptionRemoval(subscriber: "b", messageType: nil)]))
        #expect(core.machine.task(taskId) == nil)
    }

    // MARK: - Time

    @Test func aTickTimesOutOnlyTheStepsPastTheirDeadline() throws {
        var core = CoreMachineHarness(
            workflows: [TestWorkflows.single("short", "quick", timeout: 10), TestWorkflows.single("long", "slow", timeout: 100)],
            subscribers: [
                Subscriber(id: "a", subscriptions: [Subscription(messageType: "quick", timeout: 10), Subscription(messageType: "slow", timeout: 100)])
            ])
        let short = try core.runId("short")
        let long = try core.runId("long")
        core.now += 11
        core.handle(.tick)
        #expect(core.machine.task(short) == nil)
        #expect(core.machine.task(long) != nil)
        core.now += 100
        core.handle(.tick)
        #expect(core.machine.task(long) == nil)
    }

    @Test func aDueCronTriggerStartsARunAndItsFireIsStoredWithIt() throws {
        let hourly = Workflow(id: "hourly", steps: TestWorkflows.single("x", "work").steps, triggers: [.cron(try CronExpression(parsing: "0 * * * *"))])
        var core = CoreMachineHarness(workflows: [hourly], subscribers: [Self.worker])
        core.now = Date(timeIntervalSince1970: 1_800_000_000).addingTimeInterval(3600 - 1_800_000_000.truncatingRemainder(dividingBy: 3600) + 1)
        core.handle(.tick)
        #expect(core.machine.runningCount == 1)
        let batch = try #require(core.storing)
        #expect(batch.changes.fires["hourly#0"] == core.now)
        core.handle(.tick)
        #expect(core.machine.runningCount == 1, "a fire is not doubled by the next tick")
    }

    // MARK: - Events and triggers

    @Test func aRunsEventStartsTheWorkflowsItTriggersOnlyOnceStoredAndNeverItsOwn() throws {
        let echo = Workflow(
            id: "echo", steps: [Step(name: "say", action: .emitEvent(Event(messageType: "said")))],
            triggers: [.event(messageType: "said", filter: nil)])
        let listener = Workflow(id: "listener", steps: TestWorkflows.single("x", "work").steps, triggers: [.event(messageType: "said", filter: nil)])
        var core = CoreMachineHarness(workflows: [echo, listener], subscribers: [Self.worker])
        _ = try core.runId("echo")
        #expect(core.machine.runningTasks().allSatisfy { $0.workflow.id != "listener" }, "the event is not taken before it is stored")
        core.storeAll()
        let workflows = Set(core.machine.runningTasks().map(\.workflow.id)) .union(core.stored.history.values.map(\.workflowId))
        #expect(workflows == ["echo", "listener"], "the event starts listener but never echo, its own workflow")
    }

    @Test func aClientsEventIsRelayedAtOnceAndStartsItsWorkflow() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("collect", "work")], subscribers: [Self.worker])
        let transition = core.handle(.message(.event(Event(messageType: "start_collect_workflow")), from: .client))
        #expect(transition.actions.contains { if case .publish(let messages) = $0 { return messages.first?.messageType == "start_collect_workflow" } else { return false } })
        #expect(core.machine.runningTasks().map(\.workflow.id) == ["collect"])
    }

    @Test func anAnnouncementIsPublishedAndReachesNoRun() throws {
        let waiting = Workflow(id: "w", steps: [Step(name: "wait", action: .waitForEvent(messageType: "message-listener-connected", filter: [:]))])
        var core = CoreMachineHarness(workflows: [waiting], subscribers: [])
        let taskId = try core.runId("w")
        core.storeAll()
        core.handle(.message(.event(Event(messageType: "message-listener-connected")), from: .announcement))
        #expect(core.machine.task(taskId) != nil)
        #expect(core.publishedEvents.last == "message-listener-connected")
    }

    @Test func aStepWaitingForAnEventEndsWhenItArrives() throws {
        let waiting = Workflow(id: "w", steps: [Step(name: "wait", action: .waitForEvent(messageType: "ready", filter: ["zone": "a"]))])
        var core = CoreMachineHarness(workflows: [waiting], subscribers: [])
        let taskId = try core.runId("w")
        core.handle(.message(.event(Event(messageType: "ready", data: ["zone": "b"])), from: .client))
        #expect(core.machine.task(taskId) != nil, "the filter does not match")
        core.handle(.message(.event(Event(messageType: "other", data: ["zone": "a"])), from: .client))
        #expect(core.machine.task(taskId) != nil, "the type does not match")
        core.handle(.message(.event(Event(messageType: "ready", data: ["zone": "a", "more": 1])), from: .client))
        #expect(core.machine.task(taskId) == nil)
    }

    @Test func aCascadeDeeperThanTheLimitIsCutWithOneNotice() throws {
        let ping = Workflow(id: "ping", steps: [Step(name: "e", action: .emitEvent(Event(messageType: "pinged")))], triggers: [.event(messageType: "ponged", filter: nil)])
        let pong = Workflow(id: "pong", steps: [Step(name: "e", action: .emitEvent(Event(messageType: "ponged")))], triggers: [.event(messageType: "pinged", filter: nil)])
        var core = CoreMachineHarness(workflows: [ping, pong], subscribers: [], cascadeLimit: 3)
        _ = core.start("ping")
        core.storeAll()
        #expect(core.machine.runningTasks().isEmpty, "the cascade ends")
        let starts = core.stored.history.count
        #expect(starts == 4, "ping at depth 0 and three more runs down to the limit")
        #expect(core.publishedEvents.filter { $0 == "error" }.count == 1, "the first cut is announced once")
    }

    @Test func aRunsCommandStartsAWorkflowWithinTheCascadeOrIsCut() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker], cascadeLimit: 1)
        let deep = Cascade(["a", "b"])
        guard case .start(.failure(.cut)) = core.handle(.start(workflow: "w", reason: "command", cascade: deep)).reply else {
            throw TestFailure("a start deeper than the limit is not cut")
        }
        guard case .start(.failure(.unknownWorkflow)) = core.handle(.start(workflow: "nope", reason: "command", cascade: Cascade())).reply else {
            throw TestFailure("an unknown workflow is not refused")
        }
    }

    // MARK: - Surpass

    @Test func surpassSkipAndReplace() throws {
        var core = CoreMachineHarness(
            workflows: [TestWorkflows.single("s", "work", onSurpass: .skip), TestWorkflows.single("r", "work", onSurpass: .replace)],
            subscribers: [Self.worker])
        _ = core.start("s")
        let skipped = core.start("s")
        #expect(skipped == .skipped)
        let first = try core.runId("r")
        let second = try core.runId("r")
        #expect(core.machine.task(first) == nil)
        #expect(core.machine.task(second) != nil)
        core.storeAll()
        #expect(core.stored.history[first]?.outcome == .stopped(reason: "replaced by a new run"))
    }

    // MARK: - Commands

    @Test func aCommandRunsOnceItsRunIsStoredAndTheResultOfACancelledOneCountsForNothing() throws {
        let commanding = Workflow(id: "c", steps: [Step(name: "run", action: .executeCommand("events emit done"))])
        var core = CoreMachineHarness(workflows: [commanding], subscribers: [])
        let taskId = try core.runId("c")
        #expect(core.commands.isEmpty, "a command waits for its run to be stored")
        core.storeOne()
        let order = try #require(core.commands.first)
        #expect(order.task == taskId)
        core.handle(.stop(taskId, reason: "enough"))
        #expect(core.actions.contains { if case .cancelCommand(let id) = $0 { return id == taskId } else { return false } })
        core.handle(.commandFinished(taskId, number: order.number, step: "run", result: .failure("cancelled")))
        core.storeAll()
        #expect(core.stored.history[taskId]?.outcome == .stopped(reason: "enough"))
    }

    @Test func theCoreStoppingCancelsCommandsWithoutFailingTheirRuns() throws {
        let commanding = Workflow(id: "c", steps: [Step(name: "run", action: .executeCommand("events emit done"))])
        var core = CoreMachineHarness(workflows: [commanding], subscribers: [])
        let taskId = try core.runId("c")
        core.storeOne()
        let order = try #require(core.commands.first)
        core.handle(.finish)
        core.handle(.commandFinished(taskId, number: order.number, step: "run", result: .failure("cancelled")))
        core.storeAll()
        #expect(core.stored.running[taskId] != nil, "the run stays in its step and runs its command again on start")
        #expect(core.stored.history[taskId] == nil)
    }

    @Test func anEventACommandEmitsIsStoredBeforeItIsPublished() throws {
        var core = CoreMachineHarness(workflows: [TestWorkflows.single("w", "work")], subscribers: [Self.worker])
        let taskId = try core.runId("w")
        core.storeAll()
        core.clearActions()
        core.handle(.message(.event(Event(messageType: "emitted")), from: .run(EventOrigin(task: taskId, workflow: "w", cascade: Cascade()))))
        #expect(core.published.isEmpty)
        core.storeAll()
        #expect(core.publishedEvents == ["emitted"])
        #expect(core.published.first.flatMap { if case .event(let event) = $0 { return event.id } else { return nil } } != nil)
    }
}
