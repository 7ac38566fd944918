import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `GET /tasks/queued` lists the runs waiting behind the active run of their workflow.
@Suite struct QueuedRunsTests {
    @Test func aQueuedRunIsListedUntilItStarts() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("serial", "work")]) { core in
            #expect(try await core.request(.GET, "/tasks/queued").json() == [])
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let first = try await core.run("serial")
            let firstAction = try await actor.nextAction()
            let answer = try await core.request(.POST, "/workflows/serial/run").json()
            #expect(answer["status"] == "queued")
            let queuedId = try #require(answer["task_id"]?.stringValue)
            let queued = try #require(try await core.request(.GET, "/tasks/queued").json().arrayValue)
            #expect(queued.count == 1)
            #expect(queued.first?["task_id"] == .string(queuedId))
            #expect(queued.first?["workflow"] == "serial")
            #expect(queued.first?["state"] == "queued")

            try actor.done(firstAction)
            _ = try await core.finishedRun(first)
            let secondAction = try await actor.nextAction()
            #expect(secondAction.actionMessage?.task == queuedId)
            #expect(try await core.request(.GET, "/tasks/queued").json() == [])
            try actor.done(secondAction)
            _ = try await core.finishedRun(queuedId)
            await actor.close()
        }
    }
}
