import Foundation
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

/// Events the core publishes itself (`task_end`, the event of an `emit_event` step) reach other
/// runs and start the workflows and jobs they trigger, as events from clients do; never the
/// publishing run's own workflow.
@Suite struct CoreEventTriggerTests {
    static let sturdy: JSONValue = ["steps": [["name": "nothing", "action": ["message_type": "nobody_subscribes"]]]]
    static let fragile: JSONValue = [
        "steps": [["name": "call", "action": ["command": "http post http://127.0.0.1:1/unreachable"], "on_error": "Stop"]]
    ]

    static func runs(of workflow: String, in core: TestCore) async throws -> [JSONValue] {
        try await core.request(.GET, "/history?workflow=\(workflow)").json().arrayValue ?? []
    }

    /// The ids of every run of `workflow`, running or finished.
    static func allRuns(of workflow: String, in core: TestCore) async throws -> Set<String> {
        let running = (try await core.request(.GET, "/tasks").json().arrayValue ?? []).filter { $0["workflow"] == .string(workflow) }
        return Set((running + (try await runs(of: workflow, in: core))).compactMap { $0["task_id"]?.stringValue })
    }

    /// Sends an event through the core and waits until the bus shows it: the core handles what it
    /// is handed in order, and publishes only what it has stored, so by then every run that an
    /// earlier event started is running or stored as finished.
    static func handledSoFar(by core: TestCore) async throws {
        let listener = try await TestActor.events(port: core.port, show: ["handled_so_far"])
        try await CoreAPI(connection: core.connection).emitting("handled_so_far") { _ = try await listener.nextEvent("handled_so_far") }
        await listener.close()
    }

    @Test func aJobOnFailedRunsRunsAfterAFailedRunAndNotAfterASuccessfulOne() async throws {
        try await TestCore.with { core in
            #expect(try await core.request(.PUT, "/workflows/sturdy", json: Self.sturdy).status == 201)
            #expect(try await core.request(.PUT, "/workflows/fragile", json: Self.fragile).status == 201)
            let job: JSONValue = [
                "command": "events emit notified", "trigger": ["message_type": "task_end", "filter_data": ["success": false]],
            ]
            #expect(try await core.request(.PUT, "/jobs/notify", json: job).status == 201)

            #expect(try await core.finishedRun(try await core.run("sturdy"))["success"] == true)
            #expect(try await core.finishedRun(try await core.run("fragile"))["success"] == false)
            try await eventually("the job runs after the failed run") { try await Self.runs(of: "job.notify", in: core).count == 1 }
            try await Self.handledSoFar(by: core)
            #expect(try await Self.allRuns(of: "job.notify", in: core).count == 1)
        }
    }

    @Test func theEventOfAnEmitEventStepStartsWorkflowsAndEndsWaitsOfOtherRuns() async throws {
        try await TestCore.with { core in
            let announcer: JSONValue = ["steps": [["name": "announce", "action": ["event": ["message_type": "announced", "data": ["by": "announcer"]]]]]]
            let listener: JSONValue = [
                "triggers": [["message_type": "announced", "filter_data": ["by": "announcer"]]],
                "steps": [["name": "nothing", "action": ["message_type": "nobody_subscribes"]]],
            ]
            let waiter: JSONValue = ["steps": [["name": "wait", "action": ["wait_for_message_type": "announced"], "timeout": 60]]]
            for (id, definition) in [("announcer", announcer), ("listener", listener), ("waiter", waiter)] {
                #expect(try await core.request(.PUT, "/workflows/\(id)", json: definition).status == 201)
            }
            let waiting = try await core.run("waiter")
            #expect(try await core.finishedRun(try await core.run("announcer"))["success"] == true)
            #expect(try await core.finishedRun(waiting)["success"] == true)
            try await eventually("the listener runs") { try await Self.runs(of: "listener", in: core).count == 1 }
        }
    }

    @Test func aJobOnEveryRunsEndDoesNotStartItselfAgain() async throws {
        try await TestCore.with { core in
            #expect(try await core.request(.PUT, "/workflows/sturdy", json: Self.sturdy).status == 201)
            let job: JSONValue = ["command": "events emit task_end", "trigger": ["message_type": "task_end"]]
            #expect(try await core.request(.PUT, "/jobs/echo", json: job).status == 201)

            #expect(try await core.finishedRun(try await core.run("sturdy"))["success"] == true)
            try await eventually("the job runs after the run's end") { try await Self.runs(of: "job.echo", in: core).count == 1 }
            try await Self.handledSoFar(by: core)
            #expect(try await Self.allRuns(of: "job.echo", in: core).count == 1)
        }
    }
}
