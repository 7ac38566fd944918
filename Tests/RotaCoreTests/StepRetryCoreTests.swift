import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Retries through a real core: actions carry their attempt, the API shows the attempts, and a
/// retry waiting on its backoff outlives a restart of the core.
@Suite("Step retries through the real server")
struct StepRetryCoreTests {
    static let flaky = Workflow(
        id: "flaky",
        steps: [
            Step(
                name: "collect", action: .performAction(messageType: "collect"), timeout: 30, onError: .stop,
                retry: RetryPolicy(attempts: 3, backoff: 10, factor: 2, maxBackoff: 300))
        ])

    /// Waits until `GET /tasks/{id}` shows the run waiting out a backoff, and returns it.
    static func waitingForRetry(_ core: TestCore, _ taskId: String) async throws -> JSONValue {
        var view: JSONValue = .null
        try await eventually("run \(taskId) to wait for its retry") {
            view = try await core.request(.GET, "/tasks/\(taskId)").json()
            return view["retry_at"] != nil && view["retry_at"] != .null
        }
        return view
    }

    @Test func aStepWhoseActorFailsTwiceSucceedsOnItsThirdAttempt() async throws {
        try await TestCore.with(workflows: [Self.flaky], manualClock: true) { core in
            let actor = try await core.actor("worker", subscribesTo: ["collect"])
            let taskId = try await core.run("flaky")
            for (attempt, backoff) in [(1, 10.0), (2, 20.0)] {
                let action = try await actor.nextAction()
                #expect(action.data["attempt"] == .int(Int64(attempt)))
                try actor.fail(action, "rate limited")
                let waiting = try await Self.waitingForRetry(core, taskId)
                #expect(waiting["steps"]?.arrayValue?.first?["attempts"] == .int(Int64(attempt)))
                try await core.advanceClock(by: backoff)
            }
            let third = try await actor.nextAction()
            #expect(third.data["attempt"] == 3)
            #expect(third.data["subscriber_id"] == "worker", "a retry is addressed to the subscriber that failed")
            try actor.done(third)
            let finished = try await core.finishedRun(taskId)
            #expect(finished["outcome"] == "success")
            #expect(finished["steps"]?.arrayValue?.first?["attempts"] == 3)
            #expect(finished["steps"]?.arrayValue?.first?["errors"] == 2)
        }
    }

    @Test func aRetryWaitingOnItsBackoffOutlivesARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-retry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let taskId = try await TestCore.with(workflows: [Self.flaky], manualClock: true, directory: directory) { core in
            let actor = try await core.actor("worker", subscribesTo: ["collect"])
            let taskId = try await core.run("flaky")
            try actor.fail(try await actor.nextAction(), "rate limited")
            _ = try await Self.waitingForRetry(core, taskId)
            return taskId
        }
        try await TestCore.with(workflows: [Self.flaky], manualClock: true, directory: directory) { core in
            let actor = try await TestActor.connect(port: core.port, id: "worker")
            let waiting = try await Self.waitingForRetry(core, taskId)
            #expect(waiting["steps"]?.arrayValue?.first?["attempts"] == 1)
            try await core.advanceClock(by: 10)
            let second = try await actor.nextAction()
            #expect(second.data["attempt"] == 2)
            try actor.done(second)
            #expect(try await core.finishedRun(taskId)["steps"]?.arrayValue?.first?["attempts"] == 2)
        }
    }
}
