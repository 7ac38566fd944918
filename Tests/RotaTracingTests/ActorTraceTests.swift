import Foundation
import Logging
@testable import RotaClient
import RotaModel
import RotaTestSupport
import RotaTracing
import Testing
import Tracing

/// Actors continue the trace of the step that sent them an action: their span is a child of the
/// step's attempt, the handler's spans are children of theirs, their log lines name the trace,
/// and a malformed `traceparent` is ignored.
@Suite struct ActorTraceTests {
    @Test func anSDKHandlerRunsInAChildSpanOfTheStepsAttempt() async throws {
        try await OTLPReceiver().serving { receiver in
            let export = try export(to: receiver, as: "test-actor")
            let log = LogRecorder()
            let taskId = try await withExport(export) {
                try await TestCore.with(workflows: [TestWorkflows.single("hello", "greet")], configure: { $0.trace(to: receiver.endpoint) }) { core in
                    let actor = RotaActor(id: "traced-actor", connection: core.connection, tracer: export.tracer, logger: log.logger())
                    actor.on("greet") { context in
                        export.tracer.withSpan("inner work") { _ in context.logger.info("working") }
                    }
                    return try await withConnected(actor) {
                        let taskId = try await core.run("hello")
                        _ = try await core.finishedRun(taskId)
                        return taskId
                    }
                }
            }
            let spans = try await receiver.waitForSpans("the core's and the actor's spans") { spans in
                spans.ofRun(taskId).count == 3 && spans.contains { $0.name == "inner work" }
            }
            let attempt = try #require(spans.ofRun(taskId).first { $0.name == "attempt 1" })
            let handling = try #require(spans.one("greet", under: attempt))
            #expect(handling.service == "test-actor")
            #expect(handling.traceId == attempt.traceId)
            #expect(handling.string("rota.subscriber") == "traced-actor")
            #expect(handling.string("rota.task_id") == taskId)
            #expect(handling.int("rota.attempt") == 1)
            #expect(handling.statusCode == 1)
            #expect(spans.one("inner work", under: handling) != nil)
            #expect(log.lines(at: .info).contains { $0.hasPrefix("working") && $0.contains("trace_id=\(attempt.traceId)") })
            #expect(log.lines(at: .info).contains { $0.hasPrefix("started") && $0.contains("trace_id=\(attempt.traceId)") })
        }
    }

    @Test(arguments: [
        JSONValue.string("garbage"),
        .string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"),
        .string("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        .string("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01"),
        .string("00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
        .string("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"),
        .string("00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01"),
        .string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"),
        .string(String(repeating: "0", count: 100_000)),
        .int(42),
        .array([.string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]),
    ])
    func aMalformedTraceparentIsIgnored(traceparent: JSONValue) async throws {
        try await OTLPReceiver().serving { receiver in
            let export = try export(to: receiver, as: "test-actor")
            let log = LogRecorder()
            let context = try await withExport(export) {
                try await Self.handle(ActionMessage(messageType: "greet", reference: ActionReference(task: "t-1", step: "greet"), extra: ["traceparent": traceparent]), tracer: export.tracer, logger: log.logger())
            }
            #expect(context.traceparent == nil)
            let span = try #require(try await receiver.waitForSpans("the actor's span") { !$0.isEmpty }.first)
            #expect(span.parentSpanId == nil)
            #expect(span.traceId != "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(log.lines(at: .info).contains { $0.hasPrefix("started") && $0.contains("trace_id=\(span.traceId)") })
        }
    }

    @Test func aWellFormedTraceparentIsContinuedWithoutATracerToo() async throws {
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let log = LogRecorder()
        let context = try await Self.handle(
            ActionMessage(messageType: "greet", reference: ActionReference(task: "t-1", step: "greet"), extra: ["traceparent": .string(traceparent)]),
            tracer: nil, logger: log.logger())
        #expect(context.traceparent?.description == traceparent)
        #expect(context.traceparent?.traceId == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(log.lines(at: .info).contains { $0.hasPrefix("started") && $0.contains("trace_id=4bf92f3577b34da6a3ce929d0e0e4736") })
    }

    /// Hands `action` to an actor's runner, as a core would, and returns the context its handler got.
    private static func handle(_ action: ActionMessage, tracer: (any Tracer)?, logger: Logger) async throws -> ActionContext {
        let contexts = Recorder<ActionContext>()
        let handler = ActionHandler(messageType: "greet", timeout: .seconds(60), waitForCompletion: true) { contexts.record($0) }
        let runner = ActionRunner(subscriberId: "test-actor", maxConcurrent: 1, handlers: { _ in handler }, tracer: tracer, logger: logger)
        let (answers, outbox) = AsyncStream<String>.makeStream()
        _ = await runner.attach(outbox)
        await runner.receive(.action(action))
        for await _ in answers { break }
        return try #require(contexts.all.first)
    }
}
