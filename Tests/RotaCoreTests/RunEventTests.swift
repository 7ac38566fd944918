import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// The events a run publishes reach listeners on the bus in order, with the keys
/// docs/PROTOCOL.md names; a run queued under `wait` keeps the id it was answered when queued.
@Suite("Events of a run on the bus")
struct RunEventTests {
    /// The events of the core's runs, as a listener of `/events` sees them.
    static let runEvents = ["task_started", "task_start", "step_started", "step_end", "task_end"]

    /// The run events `listener` receives up to and including the `task_end` of `taskId`.
    static func events(until taskId: String, from listener: TestActor) async throws -> [Event] {
        var events: [Event] = []
        while true {
            guard case .event(let event) = try await listener.next() else { continue }
            events.append(event)
            if event.messageType == "task_end", event.data["task_id"] == .string(taskId) { return events }
        }
    }

    @Test func aTwoStepRunPublishesItsStartEveryStepsStartAndEndAndItsEnd() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["one", "two"])]) { core in
            let listener = try await TestActor.events(port: core.port, show: Self.runEvents)
            let actor = try await core.actor("worker", subscribesTo: ["one", "two"])
            let taskId = try await core.run("wf")
            try actor.fail(try await actor.nextAction(), "disk full")
            try actor.done(try await actor.nextAction())
            let events = try await Self.events(until: taskId, from: listener)
            #expect(events.map(\.messageType) == ["task_started", "task_start", "step_started", "step_end", "step_started", "step_end", "task_end"])
            #expect(events.filter { $0.messageType.hasPrefix("step_") }.map { $0.data["step"] } == ["one", "one", "two", "two"])
            for event in events {
                #expect(event.data["task_id"] == .string(taskId), "\(event.messageType)")
                #expect(event.data["rota_cascade"] == ["wf"], "\(event.messageType)")
            }
            let firstEnd = events[3].data
            #expect(firstEnd["workflow"] == "wf")
            #expect(firstEnd["state"] == "succeeded")
            #expect(firstEnd["errors"] == 1)
            #expect((firstEnd["duration"]?.doubleValue ?? -1) >= 0)
            let end = try #require(events.last?.data)
            #expect(end["descriptor_id"] == "wf")
            #expect(end["workflow"] == "wf")
            #expect(end["success"] == true)
            #expect(end["outcome"] == "success")
            #expect(end["errors"] == 1)
            let finished = try await core.finishedRun(taskId)
            #expect(end["outcome"] == finished["outcome"])
            #expect(end["duration"]?.doubleValue == finished["duration"]?.doubleValue)
            await actor.close()
            await listener.close()
        }
    }

    @Test func aRunQueuedUnderWaitStartsAndEndsWithTheIdItWasGivenWhenQueued() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("slow", "work", onSurpass: .wait)]) { core in
            let listener = try await TestActor.events(port: core.port, show: Self.runEvents)
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let firstId = try await core.run("slow")
            let first = try await actor.nextAction()
            let answer = try await core.request(.POST, "/workflows/slow/run").json()
            #expect(answer["status"] == "queued")
            let queuedId = try #require(answer["task_id"]?.stringValue)
            #expect(queuedId != firstId)
            let queued = try await core.request(.GET, "/tasks/\(queuedId)").json()
            #expect(queued["state"] == "queued")
            #expect(queued["task_id"] == .string(queuedId))
            try actor.done(first)
            let second = try await actor.nextAction()
            #expect(second.actionMessage?.task == queuedId)
            let running = try await core.request(.GET, "/tasks/\(queuedId)").json()
            #expect(running["state"] == "running")
            try actor.done(second)
            let events = try await Self.events(until: queuedId, from: listener)
            let started = events.filter { $0.messageType == "task_started" }.map { $0.data["task_id"] }
            #expect(started == [.string(firstId), .string(queuedId)])
            let ended = events.filter { $0.messageType == "task_end" }.map { $0.data["task_id"] }
            #expect(ended == [.string(firstId), .string(queuedId)])
            #expect(try await core.finishedRun(queuedId)["task_id"] == .string(queuedId))
            await actor.close()
            await listener.close()
        }
    }
}
