import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("Workflows defined through the API")
struct WorkflowDefinitionAPITests {
    static let twoSteps: JSONValue = [
        "name": "Two steps", "on_surpass": "Wait",
        "steps": [["name": "a", "action": ["message_type": "a"]], ["name": "b", "action": ["message_type": "b"], "timeout": 30]],
    ]

    @Test func workflowIsCreatedReplacedAndDeleted() async throws {
        try await TestCore.with { core in
            let created = try await core.request(.PUT, "/workflows/mine", json: Self.twoSteps)
            #expect(created.status == 201)
            #expect(try created.json()["version"] == 1)
            let yaml = """
                id: mine
                steps:
                  - name: only
                    action: {message_type: only}
                """
            let replaced = try await core.request(.PUT, "/workflows/mine", body: yaml, contentType: "application/yaml")
            #expect(replaced.status == 200)
            #expect(try replaced.json()["version"] == 2)
            let shown = try await core.request(.GET, "/workflows/mine").json()
            #expect(shown["steps"]?.arrayValue?.map { $0["name"] } == ["only"])
            #expect(shown["steps_without_subscribers"] == ["only"])
            #expect(try await core.request(.GET, "/workflows").json().arrayValue?.contains { $0["id"] == "mine" } == true)
            #expect(try await core.request(.DELETE, "/workflows/mine").status == 204)
            #expect(try await core.request(.GET, "/workflows/mine").status == 404)
            #expect(try await core.request(.DELETE, "/workflows/mine").status == 404)
        }
    }

    @Test func definitionsSurviveARestartWithTheirVersion() async throws {
        let directory = try await TestCore.with { first in
            _ = try await first.request(.PUT, "/workflows/mine", json: Self.twoSteps)
            _ = try await first.request(.PUT, "/workflows/mine", json: ["steps": [["name": "c", "action": ["message_type": "c"]]]])
            return first.directory
        }
        try await TestCore.with(directory: directory) { second in
            let shown = try await second.request(.GET, "/workflows/mine").json()
            #expect(shown["version"] == 2)
            #expect(shown["steps"]?.arrayValue?.map { $0["name"] } == ["c"])
        }
    }

    @Test func cronTriggerChangedByAnUpdateFiresAtTheNewTimeAndNeverAtTheOld() async throws {
        // The manual clock starts at 2027-01-15T08:00:00Z.
        try await TestCore.with(manualClock: true) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let steps: JSONValue = [["name": "work", "action": ["message_type": "work"]]]
            _ = try await core.request(.PUT, "/workflows/timed", json: ["steps": steps, "triggers": [["cron_expression": "10 8 * * *"]]])
            let moved = try await core.request(.PUT, "/workflows/timed", json: ["steps": steps, "triggers": [["cron_expression": "20 8 * * *"]]])
            #expect(try moved.json()["scheduled_next"] == "2027-01-15T08:20:00.000Z")
            try await core.advanceClock(by: 11 * 60)
            #expect(try await core.request(.GET, "/tasks").json() == [])
            try await core.advanceClock(by: 10 * 60)
            let action = try await actor.nextAction()
            #expect(action.messageType == "work")
        }
    }

    @Test func eventTriggeredWorkflowStartsOnlyOnMatchingData() async throws {
        try await TestCore.with { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            _ = try await core.request(
                .PUT, "/workflows/on-event",
                json: ["steps": [["name": "work", "action": ["message_type": "work"]]],
                       "triggers": [["message_type": "deployed", "filter_data": ["env": "prod"]]]])
            let events = try await TestActor.events(port: core.port)
            try events.send(.event(Event(messageType: "deployed", data: ["env": "dev"])))
            try events.send(.event(Event(messageType: "deployed", data: ["env": "prod"])))
            let action = try await actor.nextAction()
            try actor.done(action)
            _ = try await core.finishedRun(try #require(action.actionMessage?.task))
            #expect(try await core.request(.GET, "/history?workflow=on-event").json().arrayValue?.count == 1)
            #expect(try await core.request(.GET, "/tasks").json() == [])
        }
    }

    @Test func updateWhileARunIsActiveLeavesThatRunOnItsVersion() async throws {
        try await TestCore.with { core in
            let actor = try await core.actor("actor", subscribesTo: ["a", "b", "c"])
            _ = try await core.request(.PUT, "/workflows/mine", json: Self.twoSteps)
            let first = try await core.run("mine")
            try actor.done(try await actor.nextAction())
            _ = try await core.request(.PUT, "/workflows/mine", json: ["steps": [["name": "c", "action": ["message_type": "c"]]]])
            let b = try await actor.nextAction()
            #expect(b.messageType == "b")
            try actor.done(b)
            let history = try await core.finishedRun(first)
            #expect(history["workflow_version"] == 1)
            #expect(history["steps"]?.arrayValue?.map { $0["name"] } == ["a", "b"])
            let second = try await core.run("mine")
            let c = try await actor.nextAction()
            #expect(c.messageType == "c")
            try actor.done(c)
            #expect(try await core.finishedRun(second)["workflow_version"] == 2)
        }
    }

    /// A broken definition, and the path its problem must be reported at.
    struct Broken: Sendable, CustomTestStringConvertible {
        let name: String
        let definition: JSONValue
        let path: String

        var testDescription: String { name }
    }

    static let step: JSONValue = ["name": "x", "action": ["message_type": "x"]]

    static let broken: [Broken] = [
        Broken(name: "no steps", definition: ["steps": []], path: "steps"),
        Broken(name: "duplicate step names", definition: ["steps": [step, ["name": "x", "action": ["message_type": "y"]]]], path: "steps[1].name"),
        Broken(name: "bad cron", definition: ["steps": [step], "triggers": [["cron_expression": "61 * * * *"]]], path: "triggers[0].cron_expression"),
        Broken(name: "impossible cron", definition: ["steps": [step], "triggers": [["cron_expression": "0 0 30 2 *"]]], path: "triggers[0].cron_expression"),
        Broken(name: "negative timeout", definition: ["steps": [["name": "x", "action": ["message_type": "x"], "timeout": -5]]], path: "steps[0].timeout"),
        Broken(name: "unknown command", definition: ["steps": [["name": "x", "action": ["command": "reboot everything"]]]], path: "steps[0].action.command"),
        Broken(name: "unknown key", definition: ["steps": [step], "retries": 3], path: "retries"),
        Broken(name: "shell without --allow-shell", definition: ["steps": [["name": "x", "action": ["command": "shell echo hi"]]]], path: "steps[0].action.command"),
        Broken(name: "id that differs from the URL", definition: ["id": "other", "steps": [step]], path: "id"),
    ]

    @Test(arguments: broken)
    func brokenDefinitionIsRefusedWithItsPathAndChangesNothing(_ broken: Broken) async throws {
        let (name, definition, path) = (broken.name, broken.definition, broken.path)
        try await TestCore.with { core in
            _ = try await core.request(.PUT, "/workflows/kept", json: Self.twoSteps)
            let response = try await core.request(.PUT, "/workflows/kept", json: definition)
            #expect(response.status == 400, "\(name)")
            let error = try response.json()
            #expect(error["error"] == "invalid_definition", "\(name)")
            #expect(error["errors"]?.arrayValue?.contains { $0["path"]?.stringValue == path } == true, "\(name): \(error)")
            let kept = try await core.request(.GET, "/workflows/kept").json()
            #expect(kept["version"] == 1, "\(name)")
            #expect(kept["steps"]?.arrayValue?.count == 2, "\(name)")
        }
    }

    @Test func everyProblemOfADefinitionIsReportedAtOnce() async throws {
        try await TestCore.with { core in
            let broken: JSONValue = [
                "on_surpass": "Sometimes",
                "steps": [["name": "x", "action": ["command": "nonsense"], "timeout": 0]],
                "triggers": [["cron_expression": "* * *"]],
            ]
            let error = try await core.request(.PUT, "/workflows/broken", json: broken).json()
            let paths = Set(error["errors"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? [])
            #expect(paths == ["on_surpass", "steps[0].timeout", "steps[0].action.command", "triggers[0].cron_expression"])
        }
    }

    @Test func defaultWorkflowsCannotBeDeletedOrChangedButTheirScheduleCanBeSet() async throws {
        try await TestCore.with(manualClock: true) { core in
            let deleted = try await core.request(.DELETE, "/workflows/collect")
            #expect(deleted.status == 403)
            #expect(try deleted.json()["message"]?.stringValue?.contains("default workflow") == true)
            #expect(try await core.request(.PUT, "/workflows/collect", json: Self.twoSteps).status == 403)
            let scheduled = try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": "30 9 * * *"])
            #expect(scheduled.status == 200)
            #expect(try scheduled.json()["scheduled_next"] == "2027-01-15T09:30:00.000Z")
            let none = try await core.request(.PUT, "/workflows/collect_and_cleanup/schedule", json: ["cron_expression": nil])
            #expect(try none.json()["scheduled_next"] == .null)
            #expect(try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": "0 0 30 2 *"]).status == 400)
            let reset = try await core.request(.DELETE, "/workflows/collect_and_cleanup/schedule").json()
            #expect(reset["scheduled_next"] == "2027-01-15T09:00:00.000Z")
        }
    }

    @Test func scheduleSetThroughTheAPISurvivesARestart() async throws {
        let directory = try await TestCore.with(manualClock: true) { first in
            _ = try await first.request(.PUT, "/workflows/metrics/schedule", json: ["cron_expression": "*/10 * * * *"])
            return first.directory
        }
        try await TestCore.with(manualClock: true, directory: directory) { second async throws in
            #expect(try await second.request(.GET, "/workflows/metrics").json()["scheduled_next"] == "2027-01-15T08:10:00.000Z")
        }
    }
}
