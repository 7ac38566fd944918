import Foundation
import RotaAPI
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// `GET /workflows/{id}` lists the next times a workflow's cron triggers fire.
@Suite struct NextFiresTests {
    @Test func theNextFiveFiresOfEveryCronTriggerAreListedOnceEachInOrder() async throws {
        let workflow = TestWorkflows.single(
            "often", "work", triggers: [.cron(try CronExpression(parsing: "0 * * * *")), .cron(try CronExpression(parsing: "*/20 * * * *"))])
        try await TestCore.with(workflows: [workflow], manualClock: true) { core in
            let detail = try await core.request(.GET, "/workflows/often").json()
            let fires = try #require(detail["next_fires"]?.arrayValue)
            #expect(fires == ["2027-01-15T08:20:00.000Z", "2027-01-15T08:40:00.000Z", "2027-01-15T09:00:00.000Z", "2027-01-15T09:20:00.000Z", "2027-01-15T09:40:00.000Z"])
            #expect(detail["scheduled_next"] == fires.first)
        }
    }

    @Test func aWorkflowWithoutCronListsNoFire() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("manual", "work")]) { core in
            let detail = try await core.request(.GET, "/workflows/manual").json()
            #expect(detail["next_fires"] == [])
        }
    }

    @Test func anUnsatisfiableExpressionAndAnEndlessDateGiveNoFireAndNoHang() throws {
        let never = Workflow(id: "never", steps: TestWorkflows.single("x", "work").steps, triggers: [.cron(try CronExpression(parsing: "0 0 30 2 *"))])
        #expect(never.cronFires(after: Date(), in: .gmt, count: WorkflowDetail.nextFireCount) == [])
        let hourly = Workflow(id: "hourly", steps: TestWorkflows.single("x", "work").steps, triggers: [.cron(try CronExpression(parsing: "0 * * * *"))])
        #expect(hourly.cronFires(after: .distantFuture, in: .gmt, count: WorkflowDetail.nextFireCount).count <= 5)
    }
}
