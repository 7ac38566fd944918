import Foundation
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

/// An actor across a restart of the core: it reconnects on its own, gets the action it still owes
/// again, and answers it exactly once without running the handler twice.
@Suite struct ActorReconnectTests {
    /// Reconnects only after 3 s, so that a test can watch the restarted core before the actor returns.
    static let slowReconnect = ReconnectPolicy(initialDelay: .seconds(3), maximumDelay: .seconds(3), jitter: 0)

    @Test func afterARestartTheOwedActionIsAnsweredOnceByTheHandlerStillRunning() async throws {
        try await restartScenario(finishHandler: .afterTheReconnect)
    }

    @Test func anActionFinishedWhileTheCoreWasDownIsAnsweredOnceAfterTheReconnect() async throws {
        try await restartScenario(finishHandler: .whileTheCoreIsDown)
    }

    @Test func theActorKeepsTryingUntilTheCoreComesUp() async throws {
        let first = try await TestCore.start(port: 0)
        let port = first.port
        await first.stop()
        let actor = first.sdkActor("patient")
        actor.on("greet") { _ in }
        let running = Task { try await actor.run() }
        try await eventually("the actor fails to connect") {
            if case .disconnected(let reason, _) = actor.state { return reason.contains("connection refused") }
            return false
        }
        let second = try await TestCore.start(workflows: [TestWorkflows.single("hello", "greet")], port: port)
        try await waitUntilConnected(actor)
        let run = try await second.finishedRun(try await second.run("hello"))
        #expect(run["success"] == true)
        running.cancel()
        _ = await running.result
        await second.stop()
    }

    enum HandlerEnd {
        case afterTheReconnect
        case whileTheCoreIsDown
    }

    /// Core on a fresh database; the actor works on an action whose handler waits; the core shuts
    /// down and a new one starts on the same database and port; the handler ends at `finishHandler`.
    private func restartScenario(finishHandler: HandlerEnd) async throws {
        let first = try await TestCore.start(workflows: [TestWorkflows.single("hello", "greet")], port: 0)
        let actor = first.sdkActor("greeter", reconnect: Self.slowReconnect)
        let gate = Gate()
        let started = Recorder<TaskId>()
        let finished = Recorder<TaskId>()
        actor.on("greet") { action in
            started.record(action.task)
            try await gate.wait()
            finished.record(action.task)
        }
        let running = Task { try await actor.run() }
        try await waitUntilConnected(actor)
        let taskId = try await first.run("hello")
        try await eventually("the handler starts") { started.count == 1 }

        await first.stop()
        try await eventually("the actor notices") { actor.state != .connected }
        if finishHandler == .whileTheCoreIsDown {
            gate.open()
            try await eventually("the handler ends") { finished.count == 1 }
        }
        let second = try await TestCore.start(
            workflows: [TestWorkflows.single("hello", "greet")], directory: first.directory, port: first.port)
        let events = second.api.events(show: ["greet", "message-listener-connected"])
        var seen = events.makeAsyncIterator()
        let connected = try #require(try await seen.next())
        #expect(connected.messageType == "message-listener-connected", "the actor came back before the test watched")
        #expect(connected.data["subscriber_id"] == "greeter")
        if finishHandler == .afterTheReconnect {
            try await Task.sleep(for: .milliseconds(300))
            gate.open()
        }
        let run = try await second.finishedRun(taskId)
        try await Task.sleep(for: .milliseconds(500))
        running.cancel()
        _ = await running.result
        await second.stop()

        #expect(run["success"] == true)
        #expect(run["errors"] == 0)
        #expect(started.all == [taskId])
        #expect(finished.all == [taskId])
        var answers: [Message] = []
        while let message = try? await seen.next() {
            if message.kind == .actionDone || message.kind == .actionError { answers.append(message) }
        }
        #expect(answers.map(\.kind) == [.actionDone])
        #expect(answers.first?.actionMessage?.task == taskId)
    }
}
