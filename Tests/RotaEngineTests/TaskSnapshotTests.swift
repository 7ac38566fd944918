import Foundation
import Testing

@testable import RotaEngine
@testable import RotaModel

@Suite("Task snapshots and resuming")
struct TaskSnapshotTests {
    let workflow = Fixture.workflow(
        .performing("collect", timeout: 10), Step(name: "script", action: .executeCommand("events emit done")),
        .performing("post_collect", timeout: 10))

    func roundTrip(_ task: RunningTask) throws -> RunningTask {
        let data = try JSONEncoder().encode(task.snapshot)
        return try RunningTask(snapshot: JSONDecoder().decode(TaskSnapshot.self, from: data))
    }

    @Test func runResumesInItsStepWithTheAnswersItHad() throws {
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(workflow, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        var resumed = try roundTrip(task)
        #expect(resumed.snapshot == task.snapshot)
        #expect(resumed.waitingFor == ["b"])
        #expect(resumed.pendingAction(for: "b") != nil)
        #expect(resumed.pendingAction(for: "a") == nil)
        #expect(resumed.deadline == Fixture.at(60))
        let commands = resumed.handle(Fixture.done("collect", from: "b"), at: Fixture.at(2), subscribers: directory)
        #expect(commands.contains(.runCommand("events emit done", step: "script")))
    }

    @Test func commandStepRunsAgainAfterARestart() throws {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(workflow, directory)
        #expect(try roundTrip(task).resumeCommands().isEmpty)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(try roundTrip(task).resumeCommands() == [.runCommand("events emit done", step: "script")])
    }

    @Test func snapshotKeepsStepHistoryAndProgress() throws {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(workflow, directory)
        let report = ProgressReport.leaf(name: "aws", path: ["accounts"], current: 1, total: 4)
        _ = task.handle(.message(.actionProgress(Fixture.action("collect", from: "a"), progress: report, at: "2027-01-15T08:00:00Z")), at: Fixture.at(1), subscribers: directory)
        _ = task.handle(Fixture.error("collect", from: "a"), at: Fixture.at(2), subscribers: directory)
        let resumed = try roundTrip(task)
        #expect(resumed.steps == task.steps)
        #expect(resumed.steps[0].errors == 1)
        #expect(resumed.progress == task.progress)
    }

    @Test func finishedRunStaysFinishedAfterARoundTrip() throws {
        let (task, _) = Fixture.started(Fixture.workflow(.performing("collect", timeout: 1)), SubscriberDirectory())
        #expect(try roundTrip(task).outcome == .success)
    }

    @Test func snapshotOfAnotherFormatIsRefusedWithAReason() throws {
        var snapshot = Fixture.started(workflow, SubscriberDirectory()).0.snapshot
        snapshot.format = 99
        #expect(throws: UnreadableSnapshot(taskId: Fixture.taskId, reason: "stored in format 99; this Rota reads format 1")) {
            try RunningTask(snapshot: snapshot)
        }
    }

    @Test func snapshotWhoseStepsDoNotMatchIsRefused() {
        var snapshot = Fixture.started(workflow, SubscriberDirectory()).0.snapshot
        snapshot.steps.removeLast()
        #expect(throws: UnreadableSnapshot.self) { try RunningTask(snapshot: snapshot) }
    }
}

@Suite("Run progress")
struct TaskProgressTests {
    let workflow = Fixture.workflow(.performing("collect", timeout: 10), .performing("post_collect", timeout: 10))

    @Test func progressIsOneTreePerRunWithTheStepPrefixedToThePath() {
        let directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(workflow, directory)
        let report = ProgressReport.tree(
            name: "aws", path: [],
            parts: [
                .leaf(name: "account-1", path: [], current: 1, total: 1),
                .leaf(name: "account-2", path: [], current: 1, total: 3),
            ])
        let commands = task.handle(
            .message(.actionProgress(Fixture.action("collect", from: "a"), progress: report, at: "2027-01-15T08:00:00Z")),
            at: Fixture.at(1), subscribers: directory)
        #expect(commands.events == ["progress"])
        #expect(!commands.contains(.persist))
        let expected = ProgressReport.tree(
            name: "wf", path: [],
            parts: [
                .tree(
                    name: "collect", path: [],
                    parts: [
                        .leaf(name: "account-1", path: ["collect", "aws"], current: 1, total: 1),
                        .leaf(name: "account-2", path: ["collect", "aws"], current: 1, total: 3),
                    ]),
                .leaf(name: "post_collect", path: [], current: 0, total: 1),
            ])
        #expect(task.progressTree == expected)
        #expect(task.progress.percentage(of: task.steps[0]) == 50)
        #expect(task.percentage == 25)
    }

    @Test func laterReportReplacesTheLeafAtTheSamePath() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(workflow, directory)
        for current in [1.0, 3.0] {
            let report = ProgressReport.leaf(name: "scan", path: [], current: current, total: 4)
            _ = task.handle(.message(.actionProgress(Fixture.action("collect", from: "a"), progress: report, at: "")), at: Fixture.at(1), subscribers: directory)
        }
        #expect(task.progress.percentage(of: task.steps[0]) == 75)
    }

    @Test func finishedStepsCountAsComplete() {
        let directory = Fixture.directory(["a"], to: ["collect"])
        var (task, _) = Fixture.started(workflow, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        #expect(task.percentage == 100)
        #expect(task.outcome == .success)
    }
}
