import Foundation
import RotaClient
import RotaModel
import ServiceLifecycle
import Synchronization
import RotaTestSupport
import Testing

/// The actor SDK against a real core: handlers, their answers, progress, notes, aborts, timeouts.
@Suite struct ActorActionTests {
    @Test func aHandlerThatReturnsAnswersDoneAndTheRunSucceeds() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")]) { core in
            let actor = core.sdkActor("greeter")
            let performed = Recorder<ActionContext>()
            actor.on("greet") { action in performed.record(action) }
            let run = try await withRunning(actor) {
                let taskId = try await core.run("hello")
                return try await core.finishedRun(taskId)
            }
            #expect(run["success"] == true)
            #expect(run["errors"] == 0)
            #expect(performed.all.map(\.step) == ["greet"])
            #expect(performed.all.map(\.messageType) == ["greet"])
            #expect(performed.all.map(\.task) == [run["task_id"]?.stringValue])
        }
    }

    @Test func aHandlerThatThrowsAnswersErrorWithTheErrorsDescriptionInTheRunLog() async throws {
        struct DiskFull: Error, CustomStringConvertible {
            var description: String { "the disk is full" }
        }
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")]) { core in
            let actor = core.sdkActor("greeter")
            actor.on("greet") { _ in throw DiskFull() }
            let (run, log) = try await withRunning(actor) {
                let taskId = try await core.run("hello")
                return (try await core.finishedRun(taskId), try await core.log(taskId))
            }
            #expect(run["errors"] == 1)
            let errors = log.filter { $0["level"] == "error" }
            #expect(errors.count == 1)
            #expect(errors.first?["subscriber_id"] == "greeter")
            #expect(errors.first?["message"]?.stringValue?.contains("the disk is full") == true)
        }
    }

    @Test func progressAndNotesReachTheRun() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")]) { core in
            let actor = core.sdkActor("greeter")
            let gate = Gate()
            actor.on("greet") { action in
                await action.info("hello from the greeter")
                await action.error("one greeting bounced")
                await action.progress("greetings", current: 1, total: 4, path: ["europe"])
                try await gate.wait()
            }
            let log = try await withRunning(actor) {
                let taskId = try await core.run("hello")
                try await eventually("the progress arrives") {
                    let task = try await core.task(taskId)
                    return task["progress"]?.doubleValue == 25
                }
                let tree = try await core.task(taskId)["progress_tree"]
                #expect("\(tree ?? .null)".contains("greetings"))
                gate.open()
                _ = try await core.finishedRun(taskId)
                return try await core.log(taskId)
            }
            #expect(log.contains { $0["level"] == "info" && $0["message"] == "hello from the greeter" && $0["subscriber_id"] == "greeter" })
            #expect(log.contains { $0["level"] == "error" && $0["message"]?.stringValue?.contains("one greeting bounced") == true })
        }
    }

    /// The actor runs one action at a time, so the action of a second run starts only once the
    /// cancelled handler has ended (and an answer to it, were there one, has been sent): when
    /// the second run has finished, nothing about the first is still on its way.
    @Test func stoppingTheRunCancelsTheHandlerAndNothingIsAnswered() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet"), TestWorkflows.single("later", "wave")]) { core in
            let actor = core.sdkActor("greeter", maxConcurrentActions: 1)
            actor.on("wave") { _ in }
            let started = Recorder<TaskId>()
            let cancelled = Recorder<TaskId>()
            actor.on("greet") { action in
                started.record(action.task)
                do {
                    try await Gate().wait()
                } catch is CancellationError {
                    cancelled.record(action.task)
                    throw CancellationError()
                }
            }
            let (taskId, run, log) = try await withRunning(actor) {
                let taskId = try await core.run("hello")
                try await eventually("the handler starts") { started.count == 1 }
                try await core.api.post(CoreConnection.path("tasks", taskId, "stop"))
                try await eventually("the handler sees the cancellation") { cancelled.count == 1 }
                #expect(try await core.finishedRun(try await core.run("later"))["success"] == true)
                return (taskId, try await core.finishedRun(taskId), try await core.log(taskId))
            }
            #expect(cancelled.all == [taskId])
            #expect(run["outcome"] == "stopped")
            #expect(run["errors"] == 0)
            #expect(!log.contains { $0["subscriber_id"] == "greeter" })
        }
    }

    @Test func aHandlerThatOverrunsItsTimeoutIsCancelledAndFailed() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")]) { core in
            let actor = core.sdkActor("greeter")
            let cancelled = Recorder<TaskId>()
            actor.on("greet", timeout: .milliseconds(300)) { action in
                do {
                    try await Gate().wait()
                } catch {
                    cancelled.record(action.task)
                    throw error
                }
            }
            let (run, log) = try await withRunning(actor) {
                let taskId = try await core.run("hello")
                return (try await core.finishedRun(taskId), try await core.log(taskId))
            }
            #expect(cancelled.count == 1)
            #expect(run["errors"] == 1)
            #expect(log.contains { $0["level"] == "error" && $0["message"]?.stringValue?.contains("did not finish within 0.3 seconds") == true })
        }
    }

    @Test func atMostMaxConcurrentActionsRunAtOnceAndTheOthersWait() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet", onSurpass: .parallel)]) { core in
            let log = LogRecorder()
            let actor = core.sdkActor("greeter", maxConcurrentActions: 2, logger: log.logger("rota.test.actor"))
            let gate = Gate()
            let running = Mutex((now: 0, most: 0, started: 0))
            actor.on("greet") { _ in
                running.withLock { state in
                    state.now += 1
                    state.started += 1
                    state.most = max(state.most, state.now)
                }
                defer { running.withLock { $0.now -= 1 } }
                try await gate.wait()
            }
            let runs = try await withRunning(actor) {
                var taskIds: [TaskId] = []
                for _ in 0..<5 { taskIds.append(try await core.run("hello")) }
                try await eventually("two handlers run and three actions wait") {
                    running.withLock { $0.now } == 2 && log.recorded.filter { $0.text.hasPrefix("waits for a free slot") }.count == 3
                }
                #expect(running.withLock { $0.started } == 2)
                gate.open()
                var runs: [JSONValue] = []
                for taskId in taskIds { runs.append(try await core.finishedRun(taskId)) }
                return runs
            }
            #expect(runs.allSatisfy { $0["success"] == true && $0["errors"] == 0 })
            #expect(running.withLock { $0.most } == 2)
            #expect(running.withLock { $0.started } == 5)
        }
    }

    @Test func aGracefulShutdownLetsTheRunningHandlerFinishAndAnswer() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")]) { core in
            let log = LogRecorder()
            let actor = core.sdkActor("greeter", logger: log.logger("rota.test.actor"))
            let started = Recorder<TaskId>()
            let finished = Recorder<TaskId>()
            let gate = Gate()
            actor.on("greet") { action in
                started.record(action.task)
                try await gate.wait()
                finished.record(action.task)
            }
            let group = ServiceGroup(configuration: .init(services: [actor], logger: testLogger("rota.test.group")))
            let taskId = try await withThrowingTaskGroup(of: Void.self) { running in
                running.addTask { try await group.run() }
                try await waitUntilConnected(actor)
                let taskId = try await core.run("hello")
                try await eventually("the handler starts") { started.count == 1 }
                await group.triggerGracefulShutdown()
                try await eventually("the actor waits for its running handler") {
                    log.recorded.contains { $0.text.hasPrefix("shutting down; waiting up to") }
                }
                gate.open()
                try await running.waitForAll()
                return taskId
            }
            #expect(finished.all == [taskId])
            #expect(actor.state == .stopped)
            let run = try await core.finishedRun(taskId)
            #expect(run["success"] == true)
            #expect(run["errors"] == 0)
            let subscriber = try await core.api.get(CoreConnection.path("subscriber", "greeter"))
            #expect(subscriber["subscriptions"]?["greet"] != nil)
        }
    }

    @Test func registeringReplacesStaleSubscriptions() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")]) { core in
            try await core.api.post(CoreConnection.path("subscriber", "greeter", "collect"))
            let actor = core.sdkActor("greeter")
            actor.on("greet", timeout: .seconds(90), waitForCompletion: false) { _ in }
            let subscriber = try await withRunning(actor) {
                try await core.api.get(CoreConnection.path("subscriber", "greeter"))
            }
            #expect(
                subscriber["subscriptions"]
                    == ["greet": ["message_type": "greet", "timeout": 90, "wait_for_completion": false]])
        }
    }

    @Test func anActorWithoutHandlersDoesNotStart() async throws {
        try await withCore { core in
            await #expect(throws: CoreAPIError.self) { try await core.sdkActor("idle").run() }
        }
    }
}
