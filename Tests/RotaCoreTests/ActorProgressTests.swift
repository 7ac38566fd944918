import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Whatever numbers an actor reports as progress, the runs' views stay encodable: every
/// percentage finite and within 0...100.
@Suite("An actor's progress numbers never break the runs' views")
struct ActorProgressTests {
    static func progress(_ action: Message, _ name: String, current: Double, total: Double) throws -> Message {
        .actionProgress(
            try #require(action.actionMessage), progress: .leaf(name: name, path: [], current: current, total: total), at: "2026-12-03T08:00:00Z")
    }

    /// Every `progress` value in a task view, the run's and its steps'.
    static func percentages(in task: JSONValue) -> [Double] {
        [task["progress"]?.doubleValue].compactMap { $0 } + (task["steps"]?.arrayValue ?? []).compactMap { $0["progress"]?.doubleValue }
    }

    @Test func hugeAndZeroTotalsLeaveTheTaskViewsFinite() async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("wf", ["work", "after"])]) { core in
            let events = try await TestActor.events(port: core.port, show: ["progress"])
            let actor = try await core.actor("actor", subscribesTo: ["work", "after"])
            let taskId = try await core.run("wf")
            let action = try await actor.nextAction()
            try actor.send(try Self.progress(action, "huge", current: 1e308, total: 1e308))
            try actor.send(try Self.progress(action, "also_huge", current: 1e308, total: 1e308))
            try actor.send(try Self.progress(action, "empty", current: 5, total: 0))
            for _ in 0..<3 { _ = try await events.nextEvent("progress") }

            let list = try await core.request(.GET, "/tasks")
            #expect(list.status == 200)
            let detail = try await core.request(.GET, "/tasks/\(taskId)")
            #expect(detail.status == 200)
            let percentages = try (list.json().arrayValue ?? []).flatMap(Self.percentages) + Self.percentages(in: try detail.json())
            #expect(percentages.count == 4)
            #expect(percentages.allSatisfy { $0.isFinite && (0...100).contains($0) })
            #expect(try detail.json()["steps"]?.arrayValue?.first?["progress"]?.doubleValue == 100)

            try actor.done(action)
            try actor.done(try await actor.nextAction())
            #expect(try await core.finishedRun(taskId)["success"] == true)
            await events.close()
            await actor.close()
        }
    }
}
