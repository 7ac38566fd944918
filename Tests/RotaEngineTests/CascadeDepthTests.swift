import Foundation
import RotaEngine
import RotaModel
import Testing

/// The depth rule of runs that start one another: a run's cascade names the runs that led to
/// it, its events carry the cascade followed by its own workflow, and a run deeper than the
/// limit is not started.
@Suite("Cascades of runs that start one another")
struct CascadeDepthTests {
    /// A workflow `id` whose one step emits `event`, so that it ends at once.
    static func emitting(_ id: String, _ event: Event) -> Workflow {
        Workflow(id: id, steps: [Step(name: "announce", action: .emitEvent(event), timeout: 10, onError: .continue)])
    }

    static func publishedEvents(_ commands: [TaskCommand]) -> [Event] {
        commands.compactMap { command in
            if case .publish(.event(let event)) = command { return event }
            return nil
        }
    }

    @Test func everyEventARunPublishesCarriesItsCascadeAndItsOwnWorkflow() {
        let forged: Event = Event(messageType: "announced", data: ["by": "b", Cascade.dataKey: []])
        var task = RunningTask(id: "t", workflow: Self.emitting("b", forged), createdAt: Fixture.t0, cascade: Cascade(["a"]))
        let events = Self.publishedEvents(task.handle(.start, at: Fixture.t0, subscribers: SubscriberDirectory()))
        #expect(events.map(\.messageType) == ["task_started", "task_start", "step_started", "announced", "step_end", "task_end"])
        for event in events { #expect(Cascade(of: event) == Cascade(["a", "b"]), "\(event.messageType)") }
        #expect(events[3].data["by"] == "b")
        #expect(task.eventCascade.depth == 2)
    }

    @Test func anEventWhoseDataIsNotAnObjectIsPublishedAsWritten() {
        let event = Event(messageType: "announced", data: ["a", "list"])
        var task = RunningTask(id: "t", workflow: Self.emitting("b", event), createdAt: Fixture.t0)
        let published = Self.publishedEvents(task.handle(.start, at: Fixture.t0, subscribers: SubscriberDirectory()))
        #expect(published.first { $0.messageType == "announced" } == event)
    }

    @Test func aClientsEventStartsRunsAtDepthZeroUnlessItCarriesACascade() {
        #expect(Cascade(of: Event(messageType: "start_collect_workflow")).depth == 0)
        #expect(Cascade(of: Event(messageType: "x", data: [Cascade.dataKey: "deep"])).depth == 0)
        #expect(Cascade(of: Event(messageType: "x", data: [Cascade.dataKey: ["a", "b"]])) == Cascade(["a", "b"]))
        #expect(Cascade(of: Event(messageType: "x", data: [Cascade.dataKey: ["a", 7]])) == Cascade(["a", "?"]))
        let longest = "job." + String(repeating: "a", count: DefinitionLimits.idLength)
        let tooLong = JSONValue.string(longest + "a")
        #expect(Cascade(of: Event(messageType: "x", data: [Cascade.dataKey: [.string(longest), tooLong]])) == Cascade([longest, "?"]))
    }

    @Test func aRunMayBeAsDeepAsTheLimitAndNoDeeper() {
        let limit = Cascade.defaultLimit
        var cascade = Cascade()
        for depth in 0...limit {
            #expect(cascade.isWithin(limit), "depth \(depth)")
            cascade = cascade.continued(by: depth.isMultiple(of: 2) ? "job.a" : "job.b")
        }
        #expect(cascade.depth == limit + 1)
        #expect(!cascade.isWithin(limit))
        #expect(cascade.description == "job.a → job.b → job.a → job.b → job.a → job.b → job.a → job.b → job.a")
    }

    @Test func theCascadeSurvivesASnapshotAndAnOlderSnapshotHasNone() throws {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var task = RunningTask(id: "t", workflow: Fixture.workflow(.performing("collect", timeout: 10)), createdAt: Fixture.t0, cascade: Cascade(["x", "y"]))
        _ = task.handle(.start, at: Fixture.t0, subscribers: directory)
        let data = try JSONEncoder().encode(task.snapshot)
        #expect(try RunningTask(snapshot: JSONDecoder().decode(TaskSnapshot.self, from: data)).cascade == Cascade(["x", "y"]))

        var older = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(older.removeValue(forKey: "cascade") != nil)
        let olderData = try JSONSerialization.data(withJSONObject: older)
        let resumed = try RunningTask(snapshot: JSONDecoder().decode(TaskSnapshot.self, from: olderData))
        #expect(resumed.cascade == Cascade())
        #expect(resumed.currentStep?.name == "collect")
    }
}
