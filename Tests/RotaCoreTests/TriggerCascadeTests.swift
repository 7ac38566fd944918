import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaTestSupport
import Testing

/// Runs that start one another (jobs on each other's `task_end`, events emitted, `workflows run`
/// commands) stop at `cascade_depth`: the run past it is not started and an `error` event names
/// the chain that was cut; the depth of a run survives a restart.
@Suite("Cascades of runs that start one another are cut")
struct TriggerCascadeTests {
    static func runs(of workflow: String, in core: TestCore) async throws -> Int {
        try await core.request(.GET, "/history?workflow=\(workflow)").json().arrayValue?.count ?? 0
    }

    /// The chain `first → second → first …` of `count` workflow ids.
    static func alternating(_ first: String, _ second: String, count: Int) -> String {
        (0..<count).map { $0.isMultiple(of: 2) ? first : second }.joined(separator: " → ")
    }

    @Test func twoJobsOnEachOthersTaskEndStopAfterTheLimit() async throws {
        try await TestCore.with { core in
            let errors = try await TestActor.events(port: core.port, show: ["error", "task_end"])
            for id in ["a", "b"] {
                let job: JSONValue = ["command": .string("events emit \(id)_ran"), "trigger": ["message_type": "task_end"]]
                #expect(try await core.request(.PUT, "/jobs/\(id)", json: job).status == 201)
            }
            #expect(try await core.request(.POST, "/jobs/a/run").status == 200)

            let firstEnd = try await errors.nextEvent("task_end")
            #expect(firstEnd.data["descriptor_id"] == "job.a")
            #expect(firstEnd.data[Cascade.dataKey] == ["job.a"])
            let cut = try await errors.nextEvent("error")
            let chain = Self.alternating("job.a", "job.b", count: 9)
            #expect(cut.data["workflow"] == "job.b")
            #expect(cut.data["message"]?.stringValue?.contains("after \(chain):") == true)
            #expect(cut.data["message"]?.stringValue?.contains("cascade_depth") == true)
            #expect(try await Self.runs(of: "job.a", in: core) == 5)
            #expect(try await Self.runs(of: "job.b", in: core) == 4)
            #expect(try await core.request(.GET, "/tasks").json() == [])
            await errors.close()
        }
    }

    @Test func jobsThatEmitEachOthersTriggerStopAfterTheLimit() async throws {
        try await TestCore.with { core in
            let errors = try await TestActor.events(port: core.port, show: ["error", "ping"])
            let forged = #"{"rota_cascade": []}"#
            let ping: JSONValue = ["command": .string("events emit ping \(forged)"), "trigger": ["message_type": "pong"]]
            let pong: JSONValue = ["command": .string("events emit pong \(forged)"), "trigger": ["message_type": "ping"]]
            #expect(try await core.request(.PUT, "/jobs/ping", json: ping).status == 201)
            #expect(try await core.request(.PUT, "/jobs/pong", json: pong).status == 201)
            try errors.send(.event(Event(messageType: "pong")))

            #expect(try await errors.nextEvent("ping").data[Cascade.dataKey] == ["job.ping"])
            let cut = try await errors.nextEvent("error")
            #expect(cut.data["workflow"] == "job.pong")
            #expect(cut.data[Cascade.dataKey] == .array(Self.alternating("job.ping", "job.pong", count: 10).split(separator: " → ").map { .string(String($0)) }))
            #expect(try await Self.runs(of: "job.ping", in: core) == 5)
            #expect(try await Self.runs(of: "job.pong", in: core) == 4)
            await errors.close()
        }
    }

    @Test func workflowsThatRunEachOtherStopAfterTheLimit() async throws {
        try await TestCore.with { core in
            let errors = try await TestActor.events(port: core.port, show: ["error"])
            for (id, other) in [("ping", "pong"), ("pong", "ping")] {
                let workflow: JSONValue = ["steps": [["name": "next", "action": ["command": .string("workflows run \(other)")], "on_error": "Stop"]]]
                #expect(try await core.request(.PUT, "/workflows/\(id)", json: workflow).status == 201)
            }
            _ = try await core.run("ping")

            var notice: Event?
            while notice == nil {
                let error = try await errors.nextEvent("error")
                if error.data["task"] == nil { notice = error }
            }
            #expect(notice?.data["workflow"] == "pong")
            #expect(notice?.data["message"]?.stringValue?.contains("after \(Self.alternating("ping", "pong", count: 9)):") == true)
            try await eventually("the last run fails") { try await Self.runs(of: "ping", in: core) == 5 }
            #expect(try await Self.runs(of: "pong", in: core) == 4)
            let last = try await core.request(.GET, "/history?workflow=ping").json().arrayValue ?? []
            #expect(last.filter { $0["success"] == false }.count == 1)
            await errors.close()
        }
    }

    @Test func aRestartKeepsTheDepthOfTheRunsItResumes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-cascade-\(UUID().uuidString)")
        let configure: (inout CoreSettings) -> Void = { settings in
            settings.cascadeDepth = 2
            settings.tickInterval = .milliseconds(100)
        }
        try await TestCore.with(directory: directory, configure: configure) { first in
            for (id, other) in [("ping", "pong"), ("pong", "ping")] {
                let workflow: JSONValue = [
                    "triggers": [["message_type": "task_end", "filter_data": ["descriptor_id": .string(other)]]],
                    "steps": [["name": "hold", "action": ["wait_for_message_type": "go"], "timeout": 60]],
                ]
                #expect(try await first.request(.PUT, "/workflows/\(id)", json: workflow).status == 201)
            }
            _ = try await first.run("ping")
            let client = try await TestActor.events(port: first.port, show: ["error"])
            try client.send(.event(Event(messageType: "go")))
            try await Self.waitUntilRunning("pong", in: first)
            await client.close()
        }

        try await TestCore.with(directory: directory, configure: configure) { second in
            let events = try await TestActor.events(port: second.port, show: ["error"])
            try await Self.waitUntilRunning("pong", in: second)
            try events.send(.event(Event(messageType: "go")))
            try await Self.waitUntilRunning("ping", in: second)
            try events.send(.event(Event(messageType: "go")))

            let cut = try await events.nextEvent("error")
            #expect(cut.data["workflow"] == "pong")
            #expect(cut.data["message"]?.stringValue?.contains("after ping → pong → ping:") == true)
            #expect(try await Self.runs(of: "ping", in: second) == 2)
            #expect(try await Self.runs(of: "pong", in: second) == 1)
            #expect(try await second.request(.GET, "/tasks").json() == [])
            await events.close()
        }
    }

    /// Waits until `workflow` has a run going, and only one run is going.
    static func waitUntilRunning(_ workflow: String, in core: TestCore) async throws {
        try await eventually("a run of \(workflow) goes") {
            let tasks = try await core.request(.GET, "/tasks").json().arrayValue ?? []
            return tasks.count == 1 && tasks.first?["workflow"] == .string(workflow)
        }
    }
}
