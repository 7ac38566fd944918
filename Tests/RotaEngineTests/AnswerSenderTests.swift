import Foundation
import RotaEngine
import RotaModel
import Testing

/// Whose answers a step takes: the blocking subscribers it still waits for, and the subscribers
/// of its message type that are not waited for; an actor that was never asked changes nothing.
@Suite("A step takes answers only from the subscribers it asked")
struct AnswerSenderTests {
    let workflow = Fixture.workflow(.performing("collect", timeout: 10, onError: .stop), .performing("post_collect", timeout: 10))

    /// Every answer but `action_done` that `subscriber` could send about the step `collect`.
    static func answers(from subscriber: SubscriberId?) -> [TaskInput] {
        let action = Fixture.action("collect", from: subscriber)
        return [
            .message(.actionError(action, error: "forged failure")),
            .message(.actionInfo(action, level: .info, message: "forged note")),
            .message(.actionInfo(action, level: .error, message: "forged problem")),
            .message(.actionProgress(action, progress: .leaf(name: "forged", path: [], current: 1, total: 2), at: "2027-01-15T08:00:00Z")),
            .message(.actionDone(action)),
        ]
    }

    @Test func anActorNeverAskedChangesNothing() {
        var directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        directory.update(Subscriber(id: "impostor", subscriptions: [Subscription(messageType: "other")]))
        var (task, _) = Fixture.started(workflow, directory)
        let before = task.snapshot
        for answer in Self.answers(from: "impostor") + Self.answers(from: nil) {
            #expect(task.handle(answer, at: Fixture.at(1), subscribers: directory).isEmpty, "\(answer)")
        }
        #expect(task.snapshot == before)
        #expect(task.errorCount == 0)
        #expect(task.waitingFor == ["a"])
    }

    @Test func aBlockingSubscriberThatSubscribedAfterTheStepBeganWasNeverAsked() {
        let atStart = Fixture.directory(["a"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(workflow, atStart)
        let before = task.snapshot
        let later = Fixture.directory(["a", "late"], to: ["collect", "post_collect"])
        for answer in Self.answers(from: "late") {
            #expect(task.handle(answer, at: Fixture.at(1), subscribers: later).isEmpty, "\(answer)")
        }
        #expect(task.snapshot == before)
    }

    @Test func aBlockingSubscriberThatHasAnsweredIsNoLongerHeard() {
        let directory = Fixture.directory(["a", "b"], to: ["collect", "post_collect"])
        var (task, _) = Fixture.started(workflow, directory)
        _ = task.handle(Fixture.done("collect", from: "a"), at: Fixture.at(1), subscribers: directory)
        let before = task.snapshot
        for answer in Self.answers(from: "a") {
            #expect(task.handle(answer, at: Fixture.at(2), subscribers: directory).isEmpty, "\(answer)")
        }
        #expect(task.snapshot == before)
        #expect(task.waitingFor == ["b"])
    }

    @Test func aSubscriberNotWaitedForIsHeardButNeverEndsTheStep() {
        var directory = Fixture.directory(["a"], to: ["collect", "post_collect"])
        directory.update(Subscriber(id: "watcher", subscriptions: [Subscription(messageType: "collect", waitForCompletion: false)]))
        var (task, _) = Fixture.started(workflow, directory)
        let note = task.handle(Self.answers(from: "watcher")[1], at: Fixture.at(1), subscribers: directory)
        #expect(note.logEntries.map(\.message) == ["forged note"])
        let progress = task.handle(Self.answers(from: "watcher")[3], at: Fixture.at(1), subscribers: directory)
        #expect(progress.events == ["progress"])
        #expect(task.progress.percentage(of: task.steps[0]) == 50)
        let failure = task.handle(Self.answers(from: "watcher")[0], at: Fixture.at(2), subscribers: directory)
        #expect(failure.finish == nil)
        #expect(task.errorCount == 1)
        #expect(task.handle(Self.answers(from: "watcher")[4], at: Fixture.at(3), subscribers: directory).isEmpty)
        #expect(task.waitingFor == ["a"])
        #expect(task.currentStep?.name == "collect")
    }
}
