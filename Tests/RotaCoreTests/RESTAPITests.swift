import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("The REST API")
struct RESTAPITests {
    @Test func workflowsAreListedAndShownWithTheirSchedule() async throws {
        try await TestCore.with(manualClock: true) { core in
            let list = try await core.request(.GET, "/workflows").json().arrayValue ?? []
            #expect(list.compactMap { $0["id"]?.stringValue } == ["cleanup", "collect", "collect_and_cleanup", "metrics"])
            let shown = try await core.request(.GET, "/workflows/collect_and_cleanup").json()
            #expect(shown["steps"]?.arrayValue?.count == 12)
            #expect(shown["scheduled_next"] == "2027-01-15T09:00:00.000Z")
            #expect(shown["steps_without_subscribers"]?.arrayValue?.count == 12)
            _ = try await core.request(.POST, "/subscriber/worker/collect")
            let withWorker = try await core.request(.GET, "/workflows/collect").json()
            #expect(withWorker["steps_without_subscribers"]?.arrayValue?.contains("collect") == false)
        }
    }

    @Test func unknownIdsAnswer404WithAStructuredError() async throws {
        try await TestCore.with { core in
            for (method, path) in [("GET", "/workflows/nope"), ("POST", "/workflows/nope/run"), ("GET", "/tasks/nope"),
                                   ("POST", "/tasks/nope/stop"), ("GET", "/tasks/nope/log"), ("GET", "/subscriber/nope")] {
                let response = try await core.request(.init(rawValue: method), path)
                #expect(response.status == 404, "\(method) \(path)")
                let error = try response.json()
                #expect(error["error"] == "not_found")
                #expect(error["message"]?.stringValue?.contains("nope") == true)
            }
        }
    }

    @Test func badInputIsRefusedWithTheOffendingField() async throws {
        try await TestCore.with { core in
            let badTimeout = try await core.request(.POST, "/subscriber/a/collect?timeout=soon")
            #expect(badTimeout.status == 400)
            #expect(try badTimeout.json()["path"] == "timeout")
            let badList = try await core.request(.PUT, "/subscriber/a", json: [["message_type": "collect", "timeout": -1]])
            #expect(badList.status == 400)
            #expect(try badList.json()["path"] == "[0].timeout")
            let badHistory = try await core.request(.GET, "/history?started_after=yesterday")
            #expect(try badHistory.json()["path"] == "started_after")
        }
    }

    @Test func subscribersAreRegisteredReplacedListedAndRemoved() async throws {
        try await TestCore.with { core in
            let added = try await core.request(.POST, "/subscriber/w/collect?timeout=30&wait_for_completion=True").json()
            #expect(added == ["id": "w", "subscriptions": ["collect": ["message_type": "collect", "timeout": 30, "wait_for_completion": true]]])
            let replaced = try await core.request(
                .PUT, "/subscriber/w", json: [["message_type": "cleanup"], ["message_type": "collect", "wait_for_completion": false]]).json()
            #expect(replaced["subscriptions"]?["cleanup"]?["timeout"] == 60)
            #expect(replaced["subscriptions"]?["collect"]?["wait_for_completion"] == false)
            #expect(try await core.request(.GET, "/subscribers/for/cleanup").json().arrayValue?.map { $0["id"] } == ["w"])
            let removedOne = try await core.request(.DELETE, "/subscriber/w/cleanup").json()
            #expect(removedOne["subscriptions"]?["cleanup"] == nil)
            #expect(try await core.request(.GET, "/subscribers").json().arrayValue?.count == 1)
            #expect(try await core.request(.DELETE, "/subscriber/w").status == 204)
            #expect(try await core.request(.GET, "/subscribers").json() == [])
        }
    }

    @Test func runningTasksShowTheirStepProgressAndErrors() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work", "after"])]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work", "after"])
            let taskId = try await core.run("wf")
            let action = try await actor.nextAction()
            let reference = try #require(action.actionMessage)
            try actor.send(.actionProgress(reference, progress: .leaf(name: "prod", path: [], current: 1, total: 4), at: "2026-11-23T10:00:00Z"))
            try actor.send(.actionInfo(reference, level: .error, message: "bucket unreadable"))
            try await eventually("the run shows the actor's error") {
                try await core.request(.GET, "/tasks/\(taskId)").json()["errors"] == 1
            }
            let list = try await core.request(.GET, "/tasks").json().arrayValue ?? []
            let summary = try #require(list.first)
            #expect(summary["task_id"]?.stringValue == taskId)
            #expect(summary["current_step"] == "work")
            #expect(summary["errors"] == 1)
            #expect(summary["progress"] == 12.5)
            let detail = try await core.request(.GET, "/tasks/\(taskId)").json()
            #expect(detail["steps"]?.arrayValue?.map { $0["state"] } == ["running", "pending"])
            #expect(detail["steps"]?.arrayValue?.first?["progress"] == 25)
        }
    }

    @Test func eventsSocketSeesTheRunsEventsAndCanBeFiltered() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work"])]) { core in
            let everything = try await TestActor.events(port: core.port)
            let onlyEnds = try await TestActor.events(port: core.port, show: ["task_end"])
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            #expect(try await everything.nextEvent("message-listener-connected").data["subscriber_id"] == "actor")
            let taskId = try await core.run("wf")
            let start = try await everything.nextEvent("task_start")
            #expect(start.data["task_id"]?.stringValue == taskId)
            #expect(start.data["descriptor_id"] == "wf")
            try actor.done(try await actor.nextAction())
            let end = try await onlyEnds.next()
            #expect(end.messageType == "task_end")
            #expect(end.data["task_id"]?.stringValue == taskId)
        }
    }

    @Test func systemEndpointsAnswer() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work"])]) { core in
            #expect(try await core.request(.GET, "/system/ping").text == "pong")
            #expect(try await core.request(.GET, "/system/ready").json()["status"] == "ready")
            let openAPI = try await core.request(.GET, "/openapi.yaml")
            #expect(openAPI.status == 200)
            #expect(openAPI.text.contains("/subscriber/{id}/handle"))
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            try actor.done(try await actor.nextAction())
            _ = try await core.finishedRun(taskId)
            let metrics = try await core.request(.GET, "/metrics").text
            #expect(metrics.contains(#"rota_core_runs_started_total{workflow="wf"} 1"#))
            #expect(metrics.contains(#"rota_core_runs_finished_total{workflow="wf",outcome="success"} 1"#))
            #expect(metrics.contains("rota_core_subscribers_connected 1"))
            #expect(metrics.contains("rota_core_action_round_trip_seconds_count{message_type=\"work\"} 1"))
            #expect(metrics.contains("rota_core_step_duration_seconds_bucket"))
        }
    }
}
