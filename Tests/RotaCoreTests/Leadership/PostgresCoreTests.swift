import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// A core on PostgreSQL runs workflows as one on SQLite does, and a core that takes over the
/// database goes on with the cron schedule the last one stored: no fire is lost or doubled.
@Suite struct PostgresCoreTests {
    @Test func aWorkflowRunsWithAnActorOnAPostgreSQLCore() async throws {
        let url = try await TestPostgres.freshDatabaseURL()
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["first", "second"])], configure: { $0.databasePath = url }) { core in
            let ready = try await core.request(.GET, "/system/ready").json()
            #expect(ready["role"] == "leader")
            let actor = try await core.actor("actor", subscribesTo: ["first", "second"])
            let taskId = try await core.run("wf")
            try actor.done(try await actor.nextAction())
            try actor.done(try await actor.nextAction())
            #expect(try await core.finishedRun(taskId)["success"] == true)
            #expect(try await core.request(.GET, "/history?workflow=wf").json().arrayValue?.count == 1)
            await actor.close()
        }
    }

    @Test func theCoreThatTakesOverNeitherRepeatsNorLosesACronFire() async throws {
        // Both manual clocks start at 2027-01-15T08:00:00Z; the workflow fires every 5 minutes.
        let url = try await TestPostgres.freshDatabaseURL()
        let workflow = TestWorkflows.single("every-five", "work", triggers: [.cron(try CronExpression(parsing: "*/5 * * * *"))])
        try await TestCore.with(workflows: [workflow], manualClock: true, configure: { $0.databasePath = url }) { first in
            let actor = try await first.actor("actor", subscribesTo: ["work"])
            try await first.advanceClock(by: 300)
            let action = try await actor.nextAction()
            try actor.done(action)
            _ = try await first.finishedRun(try #require(action.actionMessage?.task))
            await actor.close()
        }
        try await TestCore.with(workflows: [workflow], manualClock: true, configure: { $0.databasePath = url }) { second in
            let actor = try await second.actor("actor", subscribesTo: ["work"])
            try await second.advanceClock(by: 300)
            #expect(try await second.request(.GET, "/tasks").json().arrayValue?.isEmpty == true, "the 08:05 fire was stored by the first core")
            try await second.advanceClock(by: 300)
            let action = try await actor.nextAction()
            try actor.done(action)
            _ = try await second.finishedRun(try #require(action.actionMessage?.task))
            #expect(try await second.request(.GET, "/history?workflow=every-five").json().arrayValue?.count == 2)
            await actor.close()
        }
    }
}
