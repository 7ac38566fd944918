import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("Runs and subscriptions survive a restart of the core")
struct DurabilityTests {
    @Test func subscriptionsSurviveARestart() async throws {
        let directory = try await TestCore.with { first in
            _ = try await first.request(.POST, "/subscriber/worker/collect?timeout=120&wait_for_completion=False")
            return first.directory
        }
        try await TestCore.with(directory: directory) { second in
            let subscriber = try await second.request(.GET, "/subscriber/worker").json()
            #expect(subscriber["subscriptions"]?["collect"]?["timeout"] == 120)
            #expect(subscriber["subscriptions"]?["collect"]?["wait_for_completion"] == false)
        }
    }

    @Test func unfinishedRunResumesInItsStepAndTheActorGetsWhatItOwes() async throws {
        let workflows = [TestWorkflows.sequence("wf", ["one", "two"])]
        let (directory, taskId) = try await TestCore.with(workflows: workflows) { first in
            let early = try await first.actor("early", subscribesTo: ["one", "two"])
            let late = try await first.actor("late", subscribesTo: ["one"])
            let taskId = try await first.run("wf")
            try early.done(try await early.nextAction())
            _ = try await late.nextAction()
            try await first.client().waitUntil(taskId, waitsFor: ["late"])
            return (first.directory, taskId)
        }
        try await TestCore.with(workflows: workflows, directory: directory) { second in
            let running = try await second.request(.GET, "/tasks/\(taskId)").json()
            #expect(running["current_step"] == "one")
            #expect(running["waiting_for"] == ["late"])
            let lateAgain = try await TestActor.connect(port: second.port, id: "late")
            let owed = try await lateAgain.next()
            #expect(owed.kind == .action)
            #expect(owed.actionMessage?.task == taskId)
            #expect(owed.actionMessage?.step == "one")
            let earlyAgain = try await TestActor.connect(port: second.port, id: "early")
            try lateAgain.done(owed)
            let two = try await earlyAgain.nextAction()
            #expect(two.messageType == "two")
            try earlyAgain.done(two)
            let history = try await second.finishedRun(taskId)
            #expect(history["success"] == true)
            #expect(history["steps"]?.arrayValue?.map { $0["state"] } == ["succeeded", "succeeded"])
        }
    }

    @Test func historyKeepsEveryFinishedRunWithItsLog() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work"])]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            var ids: [String] = []
            for round in 0..<3 {
                let taskId = try await core.run("wf")
                let action = try await actor.nextAction()
                if round == 1 {
                    try actor.send(.actionInfo(try #require(action.actionMessage), level: .error, message: "one region failed"))
                }
                try actor.done(action)
                _ = try await core.finishedRun(taskId)
                ids.append(taskId)
            }
            let all = try await core.request(.GET, "/history?workflow=wf").json().arrayValue ?? []
            #expect(all.map { $0["task_id"]?.stringValue } == ids.reversed().map { $0 })
            let withErrors = try await core.request(.GET, "/history?workflow=wf&has_errors=true").json().arrayValue ?? []
            #expect(withErrors.map { $0["task_id"]?.stringValue } == [ids[1]])
            #expect(try await core.request(.GET, "/history?workflow=wf&limit=1").json().arrayValue?.count == 1)
            let summary = try await core.request(.GET, "/history/summary").json().arrayValue ?? []
            let wf = try #require(summary.first { $0["workflow"] == "wf" })
            #expect(wf["count"] == 3)
            #expect(wf["runs_with_errors"] == 1)
            let log = try await core.request(.GET, "/tasks/\(ids[1])/log").json().arrayValue ?? []
            #expect(log.contains { $0["message"] == "one region failed" && $0["level"] == "error" })
        }
    }

    @Test func subscriberDisconnectedTooLongLosesItsSubscriptionsButNotDuringTheStartupGrace() async throws {
        try await TestCore.with(manualClock: true, configure: { settings in
            settings.subscriberTimeout = 180
            settings.subscriberStartupGrace = 300
        }) { core in
            _ = try await core.request(.POST, "/subscriber/gone/collect")
            let present = try await core.actor("present", subscribesTo: ["collect"])
            try await core.advanceClock(by: 200)
            #expect(try await core.request(.GET, "/subscriber/gone").status == 200)
            try await core.advanceClock(by: 110)
            #expect(try await core.request(.GET, "/subscriber/gone").status == 404)
            #expect(try await core.request(.GET, "/subscriber/present").status == 200)
            await present.close()
        }
    }

    @Test func gracefulShutdownClosesConnectionsWithAReason() async throws {
        try await TestCore.with { core in
            let actor = try await core.actor("actor", subscribesTo: ["collect"])
            async let closed = actor.closedByCore()
            await core.stop()
            let frame = try await closed
            #expect(frame?.reason == "the core is shutting down")
        }
    }

    @Test func historyOlderThanTheRetentionIsRemoved() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work"])], manualClock: true, configure: { settings in
            settings.historyRetention = 3600
        }) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            try actor.done(try await actor.nextAction())
            _ = try await core.finishedRun(taskId)
            try await core.advanceClock(by: 1800)
            #expect(try await core.request(.GET, "/history?workflow=wf").json().arrayValue?.count == 1)
            try await core.advanceClock(by: 3600)
            try await eventually("the old run leaves the history") {
                try await core.request(.GET, "/history?workflow=wf").json() == []
            }
            #expect(try await core.request(.GET, "/tasks/\(taskId)/log").status == 404)
        }
    }
}
