import Testing

@testable import RotaEngine
@testable import RotaModel

@Suite("Default workflows")
struct DefaultWorkflowsTests {
    let workflows = DefaultWorkflows.all()

    func steps(_ id: String) -> [String] {
        workflows.first { $0.id == id }?.steps.map(\.name) ?? []
    }

    @Test func theFourDefaultWorkflowsAreValid() {
        #expect(Set(workflows.map(\.id)) == DefaultWorkflows.ids)
        for workflow in workflows {
            #expect(workflow.validationErrors.isEmpty, "\(workflow.id): \(workflow.validationErrors)")
            #expect(workflow.onSurpass == .wait)
        }
    }

    @Test func stepsArePreMainAndPostForEachPhase() {
        let metrics = ["pre_generate_metrics", "generate_metrics", "post_generate_metrics"]
        #expect(steps("metrics") == metrics)
        #expect(steps("collect") == ["pre_collect", "collect", "post_collect"] + metrics)
        #expect(steps("cleanup") == ["pre_cleanup_plan", "cleanup_plan", "post_cleanup_plan", "pre_cleanup", "cleanup", "post_cleanup"] + metrics)
        #expect(steps("collect_and_cleanup").count == 12)
        #expect(Array(steps("collect_and_cleanup").prefix(3)) == ["pre_collect", "collect", "post_collect"])
    }

    @Test func everyStepPerformsTheActionItIsNamedAfter() {
        for workflow in workflows {
            for step in workflow.steps {
                #expect(step.action == .performAction(messageType: step.name))
            }
        }
    }

    @Test func triggersAreTheStartEventAndTheHourlyScheduleForCollectAndCleanup() throws {
        for workflow in workflows {
            #expect(workflow.triggers.first == .event(messageType: "start_\(workflow.id)_workflow", filter: nil))
        }
        let collectAndCleanup = try #require(workflows.first { $0.id == "collect_and_cleanup" })
        #expect(collectAndCleanup.triggers.last == .cron(try CronExpression(parsing: "0 * * * *")))
        #expect(workflows.filter { $0.id != "collect_and_cleanup" }.allSatisfy { $0.triggers.count == 1 })
    }
}
