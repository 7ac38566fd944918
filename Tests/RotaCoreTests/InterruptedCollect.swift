import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A run of `collect` cut off in its `collect` step, for the tests that kill a core there and
/// check that the core after it (restarted, or a standby taking over) finishes the run once.
/// Two actors, `fast` and `slow`, perform every step; `fast` has answered `collect`, `slow` has not.
enum InterruptedCollect {
    static let steps = ["pre_collect", "collect", "post_collect", "pre_generate_metrics", "generate_metrics", "post_generate_metrics"]

    /// Subscribes the two actors on the core at `port`, starts the run and brings it to where
    /// only `slow` owes `collect`; returns the run's id and the two actors, still connected.
    static func start(on client: CoreClient, port: Int) async throws -> (taskId: String, fast: TestActor, slow: TestActor) {
        for id in ["fast", "slow"] {
            for step in steps { #expect(try await client.request(.POST, "/subscriber/\(id)/\(step)").status == 200) }
        }
        let fast = try await TestActor.connect(port: port, id: "fast")
        let slow = try await TestActor.connect(port: port, id: "slow")
        let taskId = try await client.run("collect")
        for actor in [fast, slow] { try actor.done(try await actor.nextAction()) }
        let collect = try await fast.nextAction()
        #expect(collect.messageType == "collect")
        _ = try await slow.nextAction()
        try fast.done(collect)
        try await client.waitUntil(taskId, waitsFor: ["slow"])
        return (taskId, fast, slow)
    }

    /// On the core that took the run over: the run is still in `collect`, `slow` is sent the
    /// action it owes again when it reconnects, and answering every step finishes the run once,
    /// successfully. Returns the run's history entry.
    static func finish(_ taskId: String, on client: CoreClient, port: Int) async throws -> JSONValue {
        let running = try await client.request(.GET, "/tasks").json().arrayValue ?? []
        #expect(running.map { $0["task_id"]?.stringValue } == [taskId])
        #expect(running.first?["current_step"] == "collect")
        let slowAgain = try await TestActor.connect(port: port, id: "slow")
        let fastAgain = try await TestActor.connect(port: port, id: "fast")
        let owed = try await slowAgain.next()
        #expect(owed.kind == .action)
        #expect(owed.actionMessage?.task == taskId)
        #expect(owed.actionMessage?.step == "collect")
        try slowAgain.done(owed)
        for step in steps.dropFirst(2) {
            for actor in [fastAgain, slowAgain] {
                let action = try await actor.nextAction()
                #expect(action.messageType == step, "\(actor.id) expected \(step)")
                try actor.done(action)
            }
        }
        let history = try await client.finishedRun(taskId)
        #expect(history["success"] == true)
        let all = try await client.request(.GET, "/history").json().arrayValue ?? []
        #expect(all.map { $0["task_id"]?.stringValue } == [taskId])
        #expect(try await client.request(.GET, "/tasks").json() == [])
        await fastAgain.close()
        await slowAgain.close()
        return history
    }
}
