import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("Event and cron triggers through the real server")
struct TriggerTests {
    @Test func eventTriggerWithAFilterStartsARunOnlyForMatchingData() async throws {
        let workflow = TestWorkflows.single(
            "on-request", "work", triggers: [.event(messageType: "cleanup_requested", filter: ["account": "prod"])])
        try await TestCore.with(workflows: [workflow]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let events = try await TestActor.events(port: core.port)
            try events.send(.event(Event(messageType: "cleanup_requested", data: ["account": "dev"])))
            try events.send(.event(Event(messageType: "cleanup_requested", data: ["account": "prod", "by": "ops"])))
            let action = try await actor.nextAction()
            #expect(action.messageType == "work")
            try actor.done(action)
            _ = try await core.finishedRun(try #require(action.actionMessage?.task))
            let history = try await core.request(.GET, "/history?workflow=on-request").json()
            #expect(history.arrayValue?.count == 1)
            #expect(try await core.request(.GET, "/tasks").json() == [])
        }
    }

    @Test func startWorkflowEventStartsThatWorkflow() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("mine", "work")]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work", "pre_generate_metrics"])
            let events = try await TestActor.events(port: core.port)
            try events.send(.event(Event(messageType: "start_mine_workflow")))
            #expect(try await actor.nextAction().messageType == "work")
            try events.send(.event(Event(messageType: "start_metrics_workflow")))
            #expect(try await actor.nextAction().messageType == "pre_generate_metrics")
        }
    }

    @Test func cronTriggerFiresWhenTheClockReachesItsTime() async throws {
        // The manual clock starts at 2027-01-15T08:00:00Z; the workflow fires every 5 minutes.
        let workflow = TestWorkflows.single("every-five", "work", triggers: [.cron(try CronExpression(parsing: "*/5 * * * *"))])
        try await TestCore.with(workflows: [workflow], manualClock: true) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let listed = try await core.request(.GET, "/workflows/every-five").json()
            #expect(listed["scheduled_next"] == "2027-01-15T08:05:00.000Z")
            try await core.advanceClock(by: 299)
            #expect(try await core.request(.GET, "/tasks").json().arrayValue?.isEmpty == true)
            try await core.advanceClock(by: 1)
            let action = try await actor.nextAction()
            #expect(action.messageType == "work")
            try actor.done(action)
            _ = try await core.finishedRun(try #require(action.actionMessage?.task))
        }
    }

    @Test func waitPolicyQueuesOneRunWhileAnotherIsActive() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("wf", "work", onSurpass: .wait)]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let first = try await core.run("wf")
            let queued = try await core.request(.POST, "/workflows/wf/run").json()
            #expect(queued["status"] == "queued")
            let queuedId = try #require(queued["task_id"]?.stringValue, "a queued run has its task id at once")
            let skipped = try await core.request(.POST, "/workflows/wf/run").json()
            #expect(skipped["status"] == "skipped")
            let firstAction = try await actor.nextAction()
            #expect(firstAction.actionMessage?.task == first)
            try actor.done(firstAction)
            let secondAction = try await actor.nextAction()
            #expect(secondAction.actionMessage?.task == queuedId, "the queued run starts with the id it was given")
            try actor.done(secondAction)
            _ = try await core.finishedRun(try #require(secondAction.actionMessage?.task))
        }
    }
}
