import Foundation
import Logging
@testable import RotaCore
import RotaModel
import RotaTestSupport
import RotaTracing
import Testing

/// The run tracer fed messages directly: what it stamps, what it logs, and its bound on open runs.
@Suite struct RunTracerTests {
    @Test func beyondTheOpenRunLimitARunIsNotTracedUntilThereIsRoom() async throws {
        try await OTLPReceiver().serving { receiver in
            let export = try export(to: receiver, as: "rota-core")
            try await withExport(export) {
                let tracer = RunTracer(tracer: export.tracer, openRunLimit: 1, logger: testLogger("rota.test.tracer"))
                _ = tracer.trace(Self.started("first") + Self.started("second"))
                #expect(tracer.openRuns == 1)
                let actions = tracer.trace([Self.action("first"), Self.action("second")])
                #expect(actions[0].actionMessage?.extra["traceparent"]?.stringValue.flatMap(TraceParent.init) != nil)
                #expect(actions[1].actionMessage?.extra["traceparent"] == nil)
                #expect(tracer.metadata(of: Self.line("first"))["trace_id"]?.count == 32)
                #expect(tracer.metadata(of: Self.line("second"))["trace_id"] == nil)
                #expect(tracer.metadata(of: Self.line("second")) == Self.line("second").metadata)

                _ = tracer.trace([Self.ended("first")])
                #expect(tracer.openRuns == 0)
                _ = tracer.trace([Self.stepStarted("second", step: "later")])
                #expect(tracer.openRuns == 1)
                _ = tracer.trace([Self.ended("second")])
                #expect(tracer.openRuns == 0)
            }
            let spans = try await receiver.waitForSpans("both runs' spans") { spans in
                spans.contains { $0.string("rota.task_id") == "first" && $0.name.hasPrefix("run") }
                    && spans.contains { $0.string("rota.task_id") == "second" && $0.name.hasPrefix("run") }
            }
            let second = try #require(spans.first { $0.string("rota.task_id") == "second" && $0.name.hasPrefix("run") })
            #expect(second.attributes["rota.run.partial"] == true)
            #expect(spans.first { $0.string("rota.task_id") == "first" && $0.name.hasPrefix("run") }?.attributes["rota.run.partial"] == nil)
        }
    }

    @Test func anActionOfAStepWithoutASpanIsLeftAsItIs() async throws {
        try await OTLPReceiver().serving { receiver in
            let export = try export(to: receiver, as: "rota-core")
            try await withExport(export) {
                let tracer = RunTracer(tracer: export.tracer, logger: testLogger("rota.test.tracer"))
                let unknown = Self.action("never-started")
                #expect(tracer.trace([unknown]) == [unknown])
                _ = tracer.trace(Self.started("run"))
                let otherStep = Message.action(ActionMessage(messageType: "greet", task: "run", step: "not-the-current-step"))
                #expect(tracer.trace([otherStep]) == [otherStep])
            }
        }
    }

    private static func started(_ taskId: String) -> [Message] {
        [
            .event(Event(messageType: "task_started", data: ["task": "hello", "task_id": .string(taskId), "input": [:]])),
            .event(Event(messageType: "task_start", data: ["task_id": .string(taskId), "descriptor_id": "hello"])),
            stepStarted(taskId, step: "greet"),
        ]
    }

    private static func stepStarted(_ taskId: String, step: String) -> Message {
        .event(Event(messageType: "step_started", data: ["task_id": .string(taskId), "workflow": "hello", "step": .string(step), "attempt": 1]))
    }

    private static func action(_ taskId: String) -> Message {
        .action(ActionMessage(messageType: "greet", reference: ActionReference(task: taskId, step: "greet"), extra: ["attempt": 1]))
    }

    private static func ended(_ taskId: String) -> Message {
        .event(Event(messageType: "task_end", data: ["task_id": .string(taskId), "workflow": "hello", "outcome": "success", "success": true]))
    }

    private static func line(_ taskId: String) -> CoreLogLine {
        CoreLogLine(level: .info, message: "run started", metadata: ["task": taskId, "workflow": "hello"])
    }
}
