import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("A core killed in the middle of a step resumes its runs")
struct CrashResumeTests {
    @Test func runKilledMidStepFinishesAfterARestartWithNothingLostOrDuplicated() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-crash-\(UUID().uuidString)")
        let database = directory.appendingPathComponent("rota.db").path
        let steps = ["pre_collect", "collect", "post_collect", "pre_generate_metrics", "generate_metrics", "post_generate_metrics"]

        let taskId = try await RotaProcess.withCore(["--db", database]) { first in
            let client = CoreClient(port: first.port)
            for id in ["fast", "slow"] {
                for step in steps { #expect(try await client.request(.POST, "/subscriber/\(id)/\(step)").status == 200) }
            }
            let fast = try await TestActor.connect(port: first.port, id: "fast")
            let slow = try await TestActor.connect(port: first.port, id: "slow")
            let taskId = try await client.run("collect")
            for actor in [fast, slow] { try actor.done(try await actor.nextAction()) }
            let collect = try await fast.nextAction()
            #expect(collect.messageType == "collect")
            _ = try await slow.nextAction()
            try fast.done(collect)
            try await client.waitUntil(taskId, waitsFor: ["slow"])
            await first.kill()
            await fast.close()
            await slow.close()
            return taskId
        }

        try await RotaProcess.withCore(["--db", database]) { second in
            let restarted = CoreClient(port: second.port)
            let running = try await restarted.request(.GET, "/tasks").json().arrayValue ?? []
            #expect(running.map { $0["task_id"]?.stringValue } == [taskId])
            #expect(running.first?["current_step"] == "collect")
            let slowAgain = try await TestActor.connect(port: second.port, id: "slow")
            let fastAgain = try await TestActor.connect(port: second.port, id: "fast")
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
            let history = try await restarted.finishedRun(taskId)
            #expect(history["success"] == true)
            #expect(history["steps"]?.arrayValue?.map { $0["state"] } == Array(repeating: "succeeded", count: 6))
            let all = try await restarted.request(.GET, "/history").json().arrayValue ?? []
            #expect(all.map { $0["task_id"]?.stringValue } == [taskId])
            #expect(try await restarted.request(.GET, "/tasks").json() == [])
            await fastAgain.close()
            await slowAgain.close()
        }
    }
}
