import Foundation
import RotaEngine
import RotaModel
import RotaTestSupport
import Testing

@Suite("The default workflow through the real server")
struct DefaultWorkflowTests {
    @Test func collectAndCleanupRunsToTheEndWithTwoSubscribers() async throws {
        try await TestCore.with { core in
            let stepTypes = DefaultWorkflows.all().first { $0.id == "collect_and_cleanup" }!.steps.map(\.name)
            let worker = try await core.actor("worker", subscribesTo: stepTypes)
            let metrics = try await core.actor("metrics", subscribesTo: stepTypes)
            let taskId = try await core.run("collect_and_cleanup")
            for stepType in stepTypes {
                for actor in [worker, metrics] {
                    let action = try await actor.nextAction()
                    #expect(action.kind == .action)
                    #expect(action.messageType == stepType)
                    #expect(action.actionMessage?.task == taskId)
                    try actor.done(action)
                }
            }
            let history = try await core.finishedRun(taskId)
            #expect(history["success"] == true)
            #expect(history["errors"] == 0)
            #expect(history["steps"]?.arrayValue?.count == 12)
            #expect(history["steps"]?.arrayValue?.allSatisfy { $0["state"] == "succeeded" } == true)
        }
    }
}
