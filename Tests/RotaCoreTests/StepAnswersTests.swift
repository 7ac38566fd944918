import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Every step of a run shows the subscribers it asked and how each answered, while the run runs,
/// in its history, and after the core restarted on either store.
@Suite("Subscribers' answers in the steps of a run")
struct StepAnswersTests {
    /// Two steps of 10 seconds: `one`, which three actors are asked, then `two`.
    static let workflows = [TestWorkflows.sequence("wf", ["one", "two"], timeout: 10)]

    /// The `subscribers` of every step of a run as `GET /tasks/{task_id}` answers it.
    static func subscribers(of run: JSONValue) -> [JSONValue?] {
        (run["steps"]?.arrayValue ?? []).map { $0["subscribers"] }
    }

    /// What step `one` shows once `talker` answered `action_done`, `failing` `action_error`, and
    /// `silent` said nothing; `silent` is `timed_out` once the deadline passed.
    static func answersOfStepOne(silent: String) -> JSONValue {
        [["id": "failing", "answer": "error"], ["id": "silent", "answer": .string(silent)], ["id": "talker", "answer": "done"]]
    }

    /// A core on the store of `kind`, on the database `database` names (a SQLite directory or a
    /// PostgreSQL URL), with a manual clock.
    static func core<T>(on kind: StoreKind, _ database: String, _ body: (TestCore) async throws -> T) async throws -> T {
        switch kind {
        case .sqlite:
            return try await TestCore.with(workflows: workflows, manualClock: true, directory: URL(fileURLWithPath: database), body)
        case .postgres:
            return try await TestCore.with(workflows: workflows, manualClock: true, configure: { $0.databasePath = database }, body)
        }
    }

    @Test(arguments: StoreKind.allCases) func answersShowWhileRunningAndSurviveRestartsIntoTheHistory(_ kind: StoreKind) async throws {
        let database =
            switch kind {
            case .sqlite: FileManager.default.temporaryDirectory.appendingPathComponent("rota-core-\(UUID().uuidString)").path
            case .postgres: try await TestPostgres.freshDatabaseURL()
            }
        let taskId = try await Self.core(on: kind, database) { first in
            let talker = try await first.actor("talker", subscribesTo: ["one", "two"], timeout: 10)
            let failing = try await first.actor("failing", subscribesTo: ["one"], timeout: 10)
            let silent = try await first.actor("silent", subscribesTo: ["one"], timeout: 10)
            let taskId = try await first.run("wf")
            try talker.done(try await talker.nextAction())
            try failing.fail(try await failing.nextAction(), "disk full")
            _ = try await silent.nextAction()
            try await first.client().waitUntil(taskId, waitsFor: ["silent"])
            let running = try await first.request(.GET, "/tasks/\(taskId)").json()
            #expect(Self.subscribers(of: running) == [Self.answersOfStepOne(silent: "pending"), []])
            for actor in [talker, failing, silent] { await actor.close() }
            return taskId
        }
        try await Self.core(on: kind, database) { second in
            let resumed = try await second.request(.GET, "/tasks/\(taskId)").json()
            #expect(resumed["state"] == "running")
            #expect(Self.subscribers(of: resumed) == [Self.answersOfStepOne(silent: "pending"), []])
            let talker = try await TestActor.connect(port: second.port, id: "talker")
            try await second.advanceClock(by: 11)
            let two = try await talker.nextAction()
            #expect(two.messageType == "two")
            try talker.done(two)
            let finished = try await second.finishedRun(taskId)
            #expect(finished["steps"]?.arrayValue?.map { $0["state"] } == ["timed_out", "succeeded"])
            #expect(Self.subscribers(of: finished) == [Self.answersOfStepOne(silent: "timed_out"), [["id": "talker", "answer": "done"]]])
            await talker.close()
        }
        try await Self.core(on: kind, database) { third in
            let stored = try await third.request(.GET, "/tasks/\(taskId)").json()
            #expect(stored["state"] == "finished")
            #expect(Self.subscribers(of: stored) == [Self.answersOfStepOne(silent: "timed_out"), [["id": "talker", "answer": "done"]]])
        }
    }

    @Test func aStepThatAsksNoSubscriberListsNone() async throws {
        let workflow = Workflow(id: "quiet", steps: [Step(name: "announce", action: .emitEvent(Event(messageType: "announced", data: [:])))])
        try await TestCore.with(workflows: [workflow]) { core in
            let finished = try await core.finishedRun(try await core.run("quiet"))
            #expect(Self.subscribers(of: finished) == [[]])
        }
    }
}
