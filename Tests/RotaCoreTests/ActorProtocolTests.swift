import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("The actor protocol through the real server")
struct ActorProtocolTests {
    @Test func subscriberWithoutWaitForCompletionIsNotWaitedFor() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["first", "second"])]) { core in
            let blocking = try await core.actor("blocking", subscribesTo: ["first", "second"])
            let watcher = try await core.actor("watcher", subscribesTo: ["first"], waitForCompletion: false)
            let taskId = try await core.run("wf")
            let seenByWatcher = try await watcher.nextAction()
            #expect(seenByWatcher.messageType == "first")
            try blocking.done(try await blocking.nextAction())
            let second = try await blocking.nextAction()
            #expect(second.messageType == "second")
            try blocking.done(second)
            #expect(try await core.finishedRun(taskId)["success"] == true)
        }
    }

    @Test func stepTimeoutWithContinueMovesToTheNextStep() async throws {
        try await TestCore.with(
            workflows: [TestWorkflows.sequence("wf", ["slow", "next"], timeout: 30, onError: .continue)], manualClock: true) { core in
            let actor = try await core.actor("actor", subscribesTo: ["slow", "next"], timeout: 1)
            let taskId = try await core.run("wf")
            #expect(try await actor.nextAction().messageType == "slow")
            try await core.advanceClock(by: 31)
            let next = try await actor.nextAction()
            #expect(next.messageType == "next")
            try actor.done(next)
            let history = try await core.finishedRun(taskId)
            #expect(history["success"] == true)
            #expect(history["steps"]?.arrayValue?.first?["state"] == "timed_out")
            #expect(history["errors"] == 1)
        }
    }

    @Test func stepTimeoutWithStopFailsTheRun() async throws {
        try await TestCore.with(
            workflows: [TestWorkflows.sequence("wf", ["slow", "next"], timeout: 30, onError: .stop)], manualClock: true) { core in
            let actor = try await core.actor("actor", subscribesTo: ["slow", "next"], timeout: 1)
            let taskId = try await core.run("wf")
            #expect(try await actor.nextAction().messageType == "slow")
            try await core.advanceClock(by: 31)
            let abort = try await actor.nextAction()
            #expect(abort.kind == .actionAbort)
            let history = try await core.finishedRun(taskId)
            #expect(history["success"] == false)
            #expect(history["outcome"] == "failure")
            #expect(history["reason"]?.stringValue?.contains("timed out") == true)
        }
    }

    @Test func subscriberTimeoutExtendsTheStepTimeout() async throws {
        try await TestCore.with(
            workflows: [TestWorkflows.sequence("wf", ["slow"], timeout: 10, onError: .stop)], manualClock: true) { core in
            let actor = try await core.actor("actor", subscribesTo: ["slow"], timeout: 100)
            let taskId = try await core.run("wf")
            let action = try await actor.nextAction()
            try await core.advanceClock(by: 50)
            let running = try await core.request(.GET, "/tasks/\(taskId)").json()
            #expect(running["state"] == "running")
            try actor.done(action)
            #expect(try await core.finishedRun(taskId)["success"] == true)
        }
    }

    @Test func actionErrorWithContinueCountsAsThatSubscribersAnswer() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work", "after"], onError: .continue)]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work", "after"])
            let taskId = try await core.run("wf")
            try actor.fail(try await actor.nextAction(), "disk full")
            let after = try await actor.nextAction()
            #expect(after.messageType == "after")
            try actor.done(after)
            let history = try await core.finishedRun(taskId)
            #expect(history["success"] == true)
            #expect(history["errors"] == 1)
            let log = try await core.request(.GET, "/tasks/\(taskId)/log").json()
            #expect(log.arrayValue?.contains { $0["message"]?.stringValue?.contains("disk full") == true && $0["subscriber_id"] == "actor" } == true)
        }
    }

    @Test func actionErrorWithStopEndsTheRunAndAbortsTheOthers() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work", "after"], onError: .stop)]) { core in
            let failing = try await core.actor("failing", subscribesTo: ["work"])
            let slow = try await core.actor("slow", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            _ = try await slow.nextAction()
            try failing.fail(try await failing.nextAction(), "no credentials")
            let abort = try await slow.nextAction()
            #expect(abort.kind == .actionAbort)
            #expect(abort.actionMessage?.task == taskId)
            let history = try await core.finishedRun(taskId)
            #expect(history["outcome"] == "failure")
            #expect(history["reason"]?.stringValue?.contains("no credentials") == true)
        }
    }

    @Test func stopSendsActionAbortToPendingSubscribers() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work"])]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            _ = try await actor.nextAction()
            let stop = try await core.request(.POST, "/tasks/\(taskId)/stop")
            #expect(stop.status == 200)
            let abort = try await actor.nextAction()
            #expect(abort.kind == .actionAbort)
            #expect(abort.messageType == "work")
            #expect(try await core.finishedRun(taskId)["outcome"] == "stopped")
        }
    }

    @Test func reconnectingSubscriberGetsItsPendingActionFirst() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work"])]) { core in
            let first = try await core.actor("actor", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            let action = try await first.nextAction()
            await first.close()
            let again = try await TestActor.connect(port: core.port, id: "actor")
            let owed = try await again.next()
            #expect(owed.kind == .action)
            #expect(owed.actionMessage?.reference == action.actionMessage?.reference)
            try again.done(owed)
            #expect(try await core.finishedRun(taskId)["success"] == true)
        }
    }

    @Test func secondConnectionOfASubscriberGets429() async throws {
        try await TestCore.with { core in
            let actor = try await core.actor("actor", subscribesTo: ["collect"])
            let refused = try await RawHTTP.upgrade(port: core.port, path: "/subscriber/actor/handle")
            #expect(refused.status == 429)
            #expect(refused.body.contains("\"error\":\"already_connected\""))
            await actor.close()
        }
    }

    @Test func unknownSubscriberOrOneWithoutSubscriptionsGets404() async throws {
        try await TestCore.with { core in
            let unknown = try await RawHTTP.upgrade(port: core.port, path: "/subscriber/nobody/handle")
            #expect(unknown.status == 404)
            #expect(unknown.body.contains("nobody"))
            _ = try await core.request(.PUT, "/subscriber/empty", json: [])
            #expect(try await RawHTTP.upgrade(port: core.port, path: "/subscriber/empty/handle").status == 404)
            #expect(try await RawHTTP.upgrade(port: core.port, path: "/nowhere").status == 404)
        }
    }

    @Test func subscriberRemovedMidStepIsNoLongerWaitedFor() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work", "after"])]) { core in
            let staying = try await core.actor("staying", subscribesTo: ["work", "after"])
            let leaving = try await core.actor("leaving", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            _ = try await leaving.nextAction()
            try staying.done(try await staying.nextAction())
            #expect(try await core.request(.DELETE, "/subscriber/leaving").status == 204)
            let after = try await staying.nextAction()
            #expect(after.messageType == "after")
            try staying.done(after)
            #expect(try await core.finishedRun(taskId)["success"] == true)
        }
    }

    @Test func actionsSentByActorsAreRefused() async throws {
        try await TestCore.with { core in
            let actor = try await core.actor("actor", subscribesTo: ["collect"])
            try actor.send(.action(ActionMessage(messageType: "collect", task: "t", step: "collect")))
            let answer = try await actor.next()
            #expect(answer.messageType == "message_refused")
            #expect(answer.data["reason"]?.stringValue?.contains("never send action") == true)
            actor.sendText("{not json")
            #expect(try await actor.next().messageType == "message_refused")
        }
    }

    @Test func answersCountForTheConnectionThatSentThemWhateverSubscriberIdTheyName() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work"])]) { core in
            let honest = try await core.actor("honest", subscribesTo: ["work"])
            let impostor = try await core.actor("impostor", subscribesTo: ["work"])
            let taskId = try await core.run("wf")
            _ = try await honest.nextAction()
            let action = try await impostor.nextAction()
            var forged = try #require(action.actionMessage)
            forged.reference.subscriberId = "honest"
            try impostor.send(.actionDone(forged))
            try await eventually("the impostor's answer is taken") {
                try await core.request(.GET, "/tasks/\(taskId)").json()["waiting_for"]?.arrayValue?.count == 1
            }
            let running = try await core.request(.GET, "/tasks/\(taskId)").json()
            #expect(running["waiting_for"] == ["honest"])
        }
    }
}
