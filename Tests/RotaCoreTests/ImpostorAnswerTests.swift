import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Answers from actors a step never asked change nothing in its run, and the message types
/// actors write never become metric labels of their own.
@Suite("Answers from actors a step never asked")
struct ImpostorAnswerTests {
    static let workflow = TestWorkflows.sequence("wf", ["work"], onError: .stop)

    /// Waits on an `/events` connection until it shows a message `subscriber` sent of `kind`.
    static func waitForMessage(_ kind: MessageKind, from subscriber: String, on events: TestActor) async throws {
        while true {
            let message = try await events.next()
            if message.kind == kind, message.actionMessage?.subscriberId == subscriber { return }
        }
    }

    @Test func anImpostorsErrorInfoAndProgressLeaveTheRunAsItWas() async throws {
        try await TestCore.with(workflows: [Self.workflow]) { core in
            let events = try await TestActor.events(port: core.port, show: ["work"])
            let worker = try await core.actor("worker", subscribesTo: ["work"])
            let impostor = try await core.actor("impostor", subscribesTo: ["other"])
            let taskId = try await core.run("wf")
            let action = try #require(try await worker.nextAction().actionMessage)
            #expect(action.messageType == "work")

            let forged = ActionMessage(messageType: "work", task: taskId, step: "work")
            try impostor.send(.actionError(forged, error: "forged failure"))
            try impostor.send(.actionInfo(forged, level: .info, message: "forged note"))
            try impostor.send(.actionInfo(forged, level: .error, message: "forged problem"))
            try impostor.send(.actionProgress(forged, progress: .leaf(name: "forged", path: [], current: 1, total: 2), at: "2026-12-03T08:00:00Z"))
            try impostor.send(.actionDone(forged))
            try await Self.waitForMessage(.actionDone, from: "impostor", on: events)

            let task = try await core.request(.GET, "/tasks/\(taskId)").json()
            #expect(task["state"] == "running")
            #expect(task["errors"] == 0)
            #expect(task["progress"] == 0)
            #expect(task["waiting_for"] == ["worker"])
            #expect(task["steps"]?.arrayValue?.first?["errors"] == 0)
            #expect(task["progress_tree"]?["parts"]?.arrayValue?.first?["kind"] == "progress")
            let log = try await core.request(.GET, "/tasks/\(taskId)/log").text
            #expect(!log.contains("forged"))

            try worker.send(.actionDone(action))
            let history = try await core.finishedRun(taskId)
            #expect(history["success"] == true)
            #expect(history["errors"] == 0)
            await events.close()
            await impostor.close()
            await worker.close()
        }
    }

    @Test func answersWithMadeUpMessageTypesAddNoMetricSeries() async throws {
        try await TestCore.with(workflows: [Self.workflow]) { core in
            let worker = try await core.actor("worker", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            let action = try #require(try await worker.nextAction().actionMessage)
            for number in 0..<10_000 {
                try worker.send(.actionDone(ActionMessage(messageType: "made-up-\(number)", task: taskId, step: "work")))
            }
            try worker.send(.actionDone(action))
            #expect(try await core.finishedRun(taskId, within: 60)["success"] == true)

            let roundTrips = core.core.metrics.exposition().split(separator: "\n").filter { $0.hasPrefix("rota_core_action_round_trip_seconds_count") }
            #expect(roundTrips.count == 1)
            #expect(roundTrips.first?.contains("message_type=\"work\"") == true)
            await worker.close()
        }
    }
}
