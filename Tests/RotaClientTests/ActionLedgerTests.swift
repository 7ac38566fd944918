import RotaModel
import RotaTestSupport
import Testing

@testable import RotaClient

/// The rules an actor follows for the actions it is sent, fed to its ledger one input at a time.
@Suite struct ActionLedgerTests {
    private func action(_ task: TaskId, _ step: String = "collect") -> ActionMessage {
        ActionMessage(messageType: step, task: task, step: step)
    }

    private func done(_ task: TaskId, _ step: String = "collect") -> Message {
        .actionDone(action(task, step))
    }

    @Test func actionsBeyondTheLimitWaitAndStartInArrivalOrderAsSlotsFree() {
        var ledger = ActionLedger(maxConcurrent: 2)
        ledger.connected(1)
        #expect(ledger.received(action("a")) == .start(action("a")))
        #expect(ledger.received(action("b")) == .start(action("b")))
        #expect(ledger.received(action("c")) == .wait)
        #expect(ledger.received(action("d")) == .wait)
        #expect(ledger.runningCount == 2)
        #expect(ledger.finished(ActionKey(task: "b", step: "collect"), answer: done("b")) == .init(answer: done("b"), start: [action("c")]))
        #expect(ledger.finished(ActionKey(task: "a", step: "collect"), answer: done("a")) == .init(answer: done("a"), start: [action("d")]))
        #expect(ledger.runningCount == 2)
    }

    @Test func anActionReceivedAgainWhileItWaitsOrRunsIsNotRunTwice() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        #expect(ledger.received(action("a")) == .start(action("a")))
        #expect(ledger.received(action("b")) == .wait)
        ledger.disconnected()
        ledger.connected(2)
        #expect(ledger.received(action("a")) == .duplicate)
        #expect(ledger.received(action("b")) == .duplicate)
        #expect(ledger.received(action("a", "post_collect")) == .wait)
    }

    @Test func anAnswerSentOnTheCurrentConnectionIsNotSentAgain() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        _ = ledger.received(action("a"))
        ledger.disconnected()
        ledger.connected(2)
        #expect(ledger.finished(ActionKey(task: "a", step: "collect"), answer: done("a")).answer == done("a"))
        #expect(ledger.received(action("a")) == .answeredAlready)
    }

    @Test func anAnswerMadeWhileDisconnectedIsSentWhenTheActionArrivesAgain() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        _ = ledger.received(action("a"))
        ledger.disconnected()
        _ = ledger.finished(ActionKey(task: "a", step: "collect"), answer: done("a"))
        ledger.connected(2)
        #expect(ledger.received(action("a")) == .answerAgain(done("a")))
        #expect(ledger.received(action("a")) == .answeredAlready)
    }

    @Test func anAnswerLostWithItsConnectionIsSentAgainOnTheNext() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        _ = ledger.received(action("a"))
        _ = ledger.finished(ActionKey(task: "a", step: "collect"), answer: .actionError(action("a"), error: "boom"))
        ledger.disconnected()
        ledger.connected(2)
        #expect(ledger.received(action("a")) == .answerAgain(.actionError(action("a"), error: "boom")))
    }

    @Test func anAbortedActionIsNotAnsweredAndFreesItsSlotOnlyWhenItsHandlerEnds() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        _ = ledger.received(action("a"))
        #expect(ledger.received(action("b")) == .wait)
        #expect(ledger.aborted(ActionKey(task: "a", step: "collect")) == .cancel)
        #expect(ledger.runningCount == 1)
        #expect(ledger.finished(ActionKey(task: "a", step: "collect"), answer: done("a")) == .init(answer: nil, start: [action("b")]))
    }

    @Test func anAbortedWaitingActionNeverStarts() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        _ = ledger.received(action("a"))
        _ = ledger.received(action("b"))
        #expect(ledger.aborted(ActionKey(task: "b", step: "collect")) == .dropped)
        #expect(ledger.finished(ActionKey(task: "a", step: "collect"), answer: done("a")) == .init(answer: done("a"), start: []))
        #expect(ledger.aborted(ActionKey(task: "zzz", step: "collect")) == .unknown)
    }

    @Test func drainingStartsNothingNewAndForgetsWaitingActions() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        _ = ledger.received(action("a"))
        _ = ledger.received(action("b"))
        #expect(ledger.drain() == [action("b")])
        #expect(ledger.received(action("c")) == .refused)
        #expect(ledger.finished(ActionKey(task: "a", step: "collect"), answer: done("a")) == .init(answer: done("a"), start: []))
        #expect(ledger.isIdle)
    }

    @Test func handlersCancelledAsTheActorStopsAreNotAnswered() {
        var ledger = ActionLedger(maxConcurrent: 2)
        ledger.connected(1)
        _ = ledger.received(action("a"))
        #expect(ledger.abortAll() == [ActionKey(task: "a", step: "collect")])
        #expect(ledger.finished(ActionKey(task: "a", step: "collect"), answer: done("a")).answer == nil)
    }

    @Test func theOldestAnswersAreForgottenFirst() {
        var ledger = ActionLedger(maxConcurrent: 1, answerMemory: 2)
        ledger.connected(1)
        for task in ["a", "b", "c"] {
            _ = ledger.received(action(task))
            _ = ledger.finished(ActionKey(task: task, step: "collect"), answer: done(task))
        }
        ledger.connected(2)
        #expect(ledger.received(action("c")) == .answerAgain(done("c")))
        #expect(ledger.received(action("a")) == .start(action("a")))
    }

    @Test func aRetryIsANewActionRunEvenAfterTheFailedAttemptWasAnswered() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        let first = ActionMessage(messageType: "collect", reference: ActionReference(task: "a", step: "collect"), extra: ["attempt": 1])
        let second = ActionMessage(messageType: "collect", reference: ActionReference(task: "a", step: "collect"), extra: ["attempt": 2])
        _ = ledger.received(first)
        _ = ledger.finished(ActionKey(first), answer: .actionError(first, error: "rate limited"))
        #expect(ledger.received(first) == .answeredAlready)
        #expect(ledger.received(second) == .start(second))
        #expect(ledger.received(second) == .duplicate)
    }

    @Test func anAbortStopsWhicheverAttemptOfTheStepRuns() {
        var ledger = ActionLedger(maxConcurrent: 1)
        ledger.connected(1)
        let second = ActionMessage(messageType: "collect", reference: ActionReference(task: "a", step: "collect"), extra: ["attempt": 2])
        _ = ledger.received(second)
        #expect(ledger.aborted(ActionKey(task: "a", step: "collect")) == .cancel)
        #expect(ledger.finished(ActionKey(second), answer: done("a")).answer == nil)
    }
}
