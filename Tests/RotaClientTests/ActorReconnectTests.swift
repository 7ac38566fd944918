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
        let gone = try await withCore { $0 }
        let actor = gone.sdkActor("patient")
        actor.on("greet") { _ in }
        try await withRunning(actor, ready: {}) {
            try await eventually("the actor fails to connect") {
                if case .disconnected(let reason, _) = actor.state { return reason.contains("connection refused") }
                return false
            }
            try await withCore(workflows: [TestWorkflows.single("hello", "greet")], port: gone.port) { core in
                try await waitUntilConnected(actor)
                let run = try await core.finishedRun(try await core.run("hello"))
                #expect(run["success"] == true)
            }
        }
    }

    enum HandlerEnd {
        case afterTheReconnect
        case whileTheCoreIsDown
    }

    /// Core on a fresh database; the actor works on an action whose handler waits; the core shuts
    /// down and a new one starts on the same database and port; the handler ends at `finishHandler`.
    /// A second run afterwards proves that the actor has dealt with everything it was sent about
    /// the first: the core sends its actions in order on one connection.
    private func restartScenario(finishHandler: HandlerEnd) async throws {
        let workflows = [TestWorkflows.single("hello", "greet")]
        let log = LogRecorder()
        let gate = Gate()
        let started = Recorder<TaskId>()
        let finished = Recorder<TaskId>()
        try await withCore(workflows: workflows) { first in
            let actor = first.sdkActor("greeter", reconnect: Self.slowReconnect, logger: log.logger("rota.test.actor"))
            actor.on("greet") { action in
                started.record(action.task)
                try await gate.wait()
                finished.record(action.task)
            }
            try await withRunning(actor) {
                let taskId = try await first.run("hello")
                try await eventually("the handler starts") { started.count == 1 }

                await first.stop()
                try await eventually("the actor notices") { actor.state != .connected }
                if finishHandler == .whileTheCoreIsDown {
                    gate.open()
                    try await eventually("the handler ends") { finished.count == 1 }
                }
                try await withCore(workflows: workflows, directory: first.directory, port: first.port) { second in
                    var seen = second.api.events(show: ["greet", "message-listener-connected"]).makeAsyncIterator()
                    let connected = try #require(try await seen.next())
                    #expect(connected.messageType == "message-listener-connected", "the actor came back before the test watched")
                    #expect(connected.data["subscriber_id"] == "greeter")
                    if finishHandler == .afterTheReconnect {
                        try await eventually("the actor is sent the owed action again while its handler runs") {
                            log.recorded.contains { $0.text.contains("received again while it runs; not run twice") }
                        }
                        gate.open()
                    }
                    let run = try await second.finishedRun(taskId)
                    let nextId = try await second.run("hello")
                    _ = try await second.finishedRun(nextId)

                    #expect(run["success"] == true)
                    #expect(run["errors"] == 0)
                    #expect(started.all == [taskId, nextId])
                    #expect(finished.all == [taskId, nextId])
                    var answers: [Message] = []
                    while let message = try await seen.next(), message.actionMessage?.task != nextId || message.kind == .action {
                        if message.kind == .actionDone || message.kind == .actionError { answers.append(message) }
                    }
                    #expect(answers.map(\.kind) == [.actionDone])
                    #expect(answers.first?.actionMessage?.task == taskId)
                }
            }
        }
    }
}
