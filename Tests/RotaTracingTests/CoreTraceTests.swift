import Foundation
import RotaClient
import RotaCore
import RotaModel
import RotaTestSupport
import RotaTracing
import Testing

/// A core with `--otel-endpoint` against a collector in the test: the spans of its runs, their
/// parents and attributes, the trace context its actions carry, and what a core without it sends.
@Suite struct CoreTraceTests {
    @Test func aRunOfThreeStepsIsARunSpanWithAStepAndAnAttemptSpanPerStep() async throws {
        try await OTLPReceiver().serving { receiver in
            try await TestCore.with(workflows: [TestWorkflows.sequence("three", ["one", "two", "three"])], configure: { $0.trace(to: receiver.endpoint) }) { core in
                let (actor, contexts) = recordingActor("tracing-actor", of: core, for: ["one", "two", "three"])
                let taskId = try await withConnected(actor) {
                    let taskId = try await core.run("three")
                    #expect(try await core.finishedRun(taskId)["success"] == true)
                    return taskId
                }
                let spans = try await receiver.waitForSpans("the run's seven spans") { $0.ofRun(taskId).count == 7 }.ofRun(taskId)

                let run = try #require(spans.one("run three", under: nil))
                #expect(run.string("rota.workflow") == "three")
                #expect(run.string("rota.outcome") == "success")
                #expect(run.int("rota.errors") == 0)
                #expect(run.statusCode == 1)
                #expect(spans.allSatisfy { $0.traceId == run.traceId })
                for name in ["one", "two", "three"] {
                    let step = try #require(spans.one("step \(name)", under: run), "the span of step \(name)")
                    #expect(step.string("rota.step") == name)
                    #expect(step.string("rota.workflow") == "three")
                    #expect(step.string("rota.step.state") == "succeeded")
                    #expect(step.strings("rota.subscribers.asked") == ["tracing-actor"])
                    #expect(step.strings("rota.subscribers.done") == ["tracing-actor"])
                    let attempt = try #require(spans.one("attempt 1", under: step), "the attempt span of step \(name)")
                    #expect(attempt.int("rota.attempt") == 1)
                    #expect(attempt.string("rota.step") == name)
                    let context = try #require(contexts.all.first { $0.step == name })
                    #expect(context.traceparent?.description == attempt.traceparent)
                    #expect(context.data["traceparent"]?.stringValue == attempt.traceparent)
                }
            }
        }
    }

    @Test func aCoreWithoutAnEndpointStampsNoTraceparentAndSendsNothing() async throws {
        try await OTLPReceiver().serving { receiver in
            let untracedRun = try await TestCore.with(workflows: [TestWorkflows.single("hello", "greet")]) { core in
                let (actor, contexts) = recordingActor("untraced-actor", of: core, for: ["greet"])
                let taskId = try await withConnected(actor) {
                    let taskId = try await core.run("hello")
                    _ = try await core.finishedRun(taskId)
                    return taskId
                }
                let context = try #require(contexts.all.first)
                #expect(context.traceparent == nil)
                #expect(context.data["traceparent"] == nil)
                return taskId
            }
            let tracedRun = try await TestCore.with(workflows: [TestWorkflows.single("hello", "greet")], configure: { $0.trace(to: receiver.endpoint) }) { core in
                let (actor, _) = recordingActor("traced-actor", of: core, for: ["greet"])
                return try await withConnected(actor) {
                    let taskId = try await core.run("hello")
                    _ = try await core.finishedRun(taskId)
                    return taskId
                }
            }
            let spans = try await receiver.waitForSpans("the traced run's spans") { $0.ofRun(tracedRun).count == 3 }
            #expect(spans.allSatisfy { $0.string("rota.task_id") == tracedRun })
            #expect(spans.ofRun(untracedRun).isEmpty)
        }
    }

    @Test func aRetriedStepHasAnAttemptSpanPerAttemptAndTheRetryReason() async throws {
        let flaky: JSONValue = [
            "steps": [["name": "flaky", "action": ["message_type": "flaky"], "retry": ["attempts": 2, "backoff": 0]]]
        ]
        try await OTLPReceiver().serving { receiver in
            try await TestCore.with(configure: { $0.trace(to: receiver.endpoint) }) { core in
                #expect(try await core.request(.PUT, "/workflows/flaky", json: flaky).status == 201)
                let actor = RotaActor(id: "flaky-actor", connection: core.connection, logger: testLogger("rota.test.actor"))
                let contexts = Recorder<ActionContext>()
                actor.on("flaky") { context in
                    contexts.record(context)
                    if context.data["attempt"] == 1 { throw TestFailure("the first attempt fails") }
                }
                let taskId = try await withConnected(actor) {
                    let taskId = try await core.run("flaky")
                    #expect(try await core.finishedRun(taskId)["success"] == true)
                    return taskId
                }
                let spans = try await receiver.waitForSpans("the run's four spans") { $0.ofRun(taskId).count == 4 }.ofRun(taskId)
                let run = try #require(spans.one("run flaky", under: nil))
                let step = try #require(spans.one("step flaky", under: run))
                #expect(step.int("rota.attempts") == 2)
                let first = try #require(spans.one("attempt 1", under: step))
                let second = try #require(spans.one("attempt 2", under: step))
                #expect(first.statusCode == 2)
                #expect(first.string("rota.retry.reason")?.contains("flaky-actor") == true)
                #expect(first.events == ["error"])
                #expect(second.events.isEmpty)
                #expect(second.int("rota.attempt") == 2)
                #expect(second.string("rota.step.state") == "succeeded")
                #expect(contexts.all.map { $0.traceparent?.description } == [first.traceparent, second.traceparent])
            }
        }
    }

    @Test func theSpansOfARunStillGoingWhenTheCoreStopsEndAsInterrupted() async throws {
        try await OTLPReceiver().serving { receiver in
            let core = try await TestCore.start(workflows: [TestWorkflows.single("hello", "greet")]) { $0.trace(to: receiver.endpoint) }
            let gate = Gate()
            let actor = RotaActor(id: "slow-actor", connection: core.connection, logger: testLogger("rota.test.actor"))
            let started = Recorder<TaskId>()
            actor.on("greet") { context in
                started.record(context.task)
                try await gate.wait()
            }
            let taskId = try await withConnected(actor) {
                let taskId = try await core.run("hello")
                try await eventually("the actor performs the action") { started.all == [taskId] }
                return taskId
            }
            await core.stop()
            gate.open()
            let spans = try await receiver.waitForSpans("the interrupted run's spans") { $0.ofRun(taskId).count == 3 }.ofRun(taskId)
            let run = try #require(spans.one("run hello", under: nil))
            #expect(run.string("rota.outcome") == "interrupted")
            let step = try #require(spans.one("step greet", under: run))
            #expect(step.string("rota.step.state") == "interrupted")
            #expect(spans.one("attempt 1", under: step)?.string("rota.step.state") == "interrupted")
        }
    }
}
