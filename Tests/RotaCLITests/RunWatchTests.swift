import RotaModel
import Testing

@testable import RotaCLI

/// The state of a followed run: step changes from the core's state, errors from the bus, and
/// the errors the bus missed from the log.
@Suite struct RunWatchTests {
    static func task(_ steps: [(String, String, Double)], state: String = "running", extra: [String: JSONValue] = [:]) -> JSONValue {
        var object: [String: JSONValue] = [
            "state": .string(state),
            "steps": .array(steps.map { ["name": .string($0.0), "state": .string($0.1), "progress": .number($0.2), "errors": 0] }),
        ]
        object.merge(extra) { _, new in new }
        return .object(object)
    }

    static func event(_ type: String, _ data: JSONValue) -> Message {
        .event(Event(messageType: type, data: data))
    }

    @Test func stepsStartMoveOnAndEndAsTheCoreReportsThem() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        #expect(watch.receive(task: Self.task([("a", "running", 0), ("b", "pending", 0)])) == [.stepStarted("a")])
        #expect(watch.receive(task: Self.task([("a", "running", 40), ("b", "pending", 0)])) == [.stepProgress("a", percent: 40)])
        #expect(watch.receive(task: Self.task([("a", "running", 40.4), ("b", "pending", 0)])) == [])
        #expect(
            watch.receive(task: Self.task([("a", "succeeded", 100), ("b", "succeeded", 100)]))
                == [.stepEnded("a", state: "succeeded", errors: 0), .stepEnded("b", state: "succeeded", errors: 0)])
        #expect(watch.outcome == nil)
        _ = watch.receive(
            task: Self.task(
                [("a", "succeeded", 100), ("b", "succeeded", 100)], state: "finished",
                extra: ["outcome": "success", "duration": 1.5, "errors": 0]))
        #expect(watch.outcome == RunWatch.Outcome(name: "success", reason: nil, duration: 1.5, errors: 0))
    }

    @Test func onlyMessagesAboutTheFollowedRunCount() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        #expect(watch.receive(Self.event("error", ["task": "other", "message": "x"])) == ([], false))
        #expect(watch.receive(Self.event("error", ["task": "t1", "message": "a: disk full"])) == ([.error("a: disk full")], true))
        #expect(watch.receive(Self.event("progress", ["task": "t1"])).refresh)
        #expect(!watch.receive(Self.event("task_end", ["task_id": "other"])).refresh)
        #expect(!watch.hasEnded)
        #expect(watch.receive(Self.event("task_end", ["task_id": "t1", "success": false])).refresh)
        #expect(watch.hasEnded)
        #expect(watch.receive(.action(ActionMessage(messageType: "work", task: "t1", step: "work"))).refresh)
        #expect(!watch.receive(.action(ActionMessage(messageType: "work", task: "t2", step: "work"))).refresh)
    }

    @Test func aQueuedRunIsFollowedOnceItStarts() {
        var watch = RunWatch(workflowId: "w", taskId: nil)
        #expect(watch.receive(Self.event("task_start", ["task_id": "t0", "descriptor_id": "other"])) == ([], false))
        #expect(watch.receive(Self.event("task_start", ["task_id": "t2", "descriptor_id": "w"])) == ([.started(taskId: "t2")], true))
        #expect(watch.taskId == "t2")
        #expect(watch.receive(Self.event("task_start", ["task_id": "t3", "descriptor_id": "w"])) == ([], false))
    }

    @Test func theLogAddsOnlyTheErrorsTheBusMissed() {
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        _ = watch.receive(Self.event("error", ["task": "t1", "message": "a: disk full"]))
        let log: JSONValue = [
            ["level": "error", "subscriber_id": "a", "message": "disk full"],
            ["level": "info", "subscriber_id": "a", "message": "collected 3"],
            ["level": "error", "subscriber_id": "a", "message": "disk full"],
            ["level": "error", "subscriber_id": .null, "message": "step work timed out"],
        ]
        #expect(watch.receive(log: log) == [.error("a: disk full"), .error("step work timed out")])
    }
}
