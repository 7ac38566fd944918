import Testing

@testable import RotaEngine
import RotaModel

@Suite("Surpass policy")
struct WorkflowRunsTests {
    @Test func firstTriggerAlwaysStarts() {
        for policy in [SurpassPolicy.skip, .wait, .replace, .parallel] {
            var runs = WorkflowRuns(policy: policy)
            #expect(runs.trigger() == .start)
        }
    }

    @Test func skipDropsTheNewRun() {
        var runs = WorkflowRuns(policy: .skip)
        runs.started("t1")
        #expect(runs.trigger() == .skip)
        #expect(runs.ended("t1") == false)
        #expect(runs.trigger() == .start)
    }

    @Test func waitQueuesAtMostOneRunAndStartsItWhenTheActiveOneEnds() {
        var runs = WorkflowRuns(policy: .wait)
        runs.started("t1")
        #expect(runs.trigger() == .queue)
        #expect(runs.trigger() == .skip)
        #expect(runs.hasQueuedRun)
        #expect(runs.ended("t1") == true)
        #expect(!runs.hasQueuedRun)
        #expect(runs.ended("t1") == false)
    }

    @Test func replaceStopsEveryActiveRun() {
        var runs = WorkflowRuns(policy: .replace)
        runs.started("t1")
        #expect(runs.trigger() == .replace(stopping: ["t1"]))
        runs.started("t2")
        #expect(runs.ended("t1") == false)
        #expect(runs.active == ["t2"])
    }

    @Test func parallelRunsBoth() {
        var runs = WorkflowRuns(policy: .parallel)
        runs.started("t1")
        #expect(runs.trigger() == .start)
        runs.started("t2")
        #expect(runs.active == ["t1", "t2"])
    }
}
