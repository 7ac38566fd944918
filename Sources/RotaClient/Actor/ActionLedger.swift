import DequeModule
import RotaModel

/// What an actor knows about the actions it was sent: which wait for a free slot, which run, which
/// were aborted, and the answers it gave. Every input returns what must happen; the ledger does
/// no I/O, so every rule below is a plain unit test.
///
/// - At most `maxConcurrent` actions run at once; more wait in arrival order.
/// - An action that arrives again while it waits or runs is not run again (the core re-sends
///   owed actions after a reconnect).
/// - An action that arrives again after it was answered is answered again with the same answer,
///   unless that answer was already sent on the current connection: the core re-sends only actions
///   it still owes, so an answer it never counted is counted once.
/// - An aborted action gets no answer; a waiting one never starts. An abort names a step, not an
///   attempt: it aborts whichever attempt of the step waits or runs.
/// - While draining (graceful shutdown) nothing new starts.
struct ActionLedger {
    /// What the actor does with an action that arrived.
    enum Arrival: Equatable {
        /// Run it now.
        case start(ActionMessage)
        /// It waits for a free slot.
        case wait
        /// It waits or runs already.
        case duplicate
        /// It was answered on an earlier connection: send this answer again.
        case answerAgain(Message)
        /// It was answered on this connection already, before the core could know.
        case answeredAlready
        /// The actor is shutting down and takes no new work.
        case refused
    }

    /// What the actor does about an abort.
    enum Abort: Equatable {
        /// Cancel the running handler; it will get no answer.
        case cancel
        /// It was still waiting and is forgotten.
        case dropped
        /// Nothing waits or runs under that key.
        case unknown
    }

    /// What happens once a handler has ended.
    struct Completion: Equatable {
        /// The answer to send, when the action was not aborted.
        var answer: Message?
        /// Waiting actions that now take the freed slot.
        var start: [ActionMessage]
    }

    private enum Entry {
        case waiting(ActionMessage)
        case running
        case aborted
        case answered(Message, connection: Int?)

        /// Whether the action waits or runs.
        var isPending: Bool {
            switch self {
            case .waiting, .running: true
            case .aborted, .answered: false
            }
        }
    }

    let maxConcurrent: Int
    /// How many answers are remembered, oldest forgotten first.
    let answerMemory: Int
    private var entries: [ActionKey: Entry] = [:]
    private var waiting: Deque<ActionKey> = []
    private var answers: Deque<ActionKey> = []
    private var connection: Int?
    private var isDraining = false
    /// Handlers that run, aborted ones included: they hold their slot until they end.
    private(set) var runningCount = 0

    init(maxConcurrent: Int, answerMemory: Int = 10_000) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.answerMemory = max(1, answerMemory)
    }

    /// The number of actions waiting for a slot.
    var waitingCount: Int { waiting.count }

    /// Whether no handler runs.
    var isIdle: Bool { runningCount == 0 }

    /// The keys of the handlers that run and were not aborted.
    var runningKeys: [ActionKey] {
        entries.compactMap { key, entry in
            if case .running = entry { return key }
            return nil
        }
    }

    /// Connection number `id` is open: answers go out on it.
    mutating func connected(_ id: Int) {
        connection = id
    }

    /// The connection is gone: answers are kept until their action arrives again.
    mutating func disconnected() {
        connection = nil
    }

    /// The core sent `action`.
    mutating func received(_ action: ActionMessage) -> Arrival {
        let key = ActionKey(action)
        switch entries[key] {
        case .waiting, .running, .aborted:
            return .duplicate
        case .answered(let answer, let sentOn):
            if let sentOn, sentOn == connection { return .answeredAlready }
            entries[key] = .answered(answer, connection: connection)
            return .answerAgain(answer)
        case nil:
            if isDraining { return .refused }
            if runningCount < maxConcurrent {
                entries[key] = .running
                runningCount += 1
                return .start(action)
            }
            entries[key] = .waiting(action)
            waiting.append(key)
            return .wait
        }
    }

    /// The core aborted the action of `key`'s step, whichever attempt of it waits or runs.
    mutating func aborted(_ key: ActionKey) -> Abort {
        let key = entries.first { $0.key.sameStep(as: key) && $0.value.isPending }?.key ?? key
        switch entries[key] {
        case .running:
            entries[key] = .aborted
            return .cancel
        case .waiting:
            entries[key] = nil
            waiting.removeAll { $0 == key }
            return .dropped
        case .aborted, .answered, nil:
            return .unknown
        }
    }

    /// The handler of `key` ended with `answer`.
    mutating func finished(_ key: ActionKey, answer: Message) -> Completion {
        var completion = Completion(answer: nil, start: [])
        switch entries[key] {
        case .running:
            remember(key, answer)
            completion.answer = answer
        case .aborted:
            entries[key] = nil
        case .waiting, .answered, nil:
            return completion
        }
        runningCount -= 1
        while !isDraining, runningCount < maxConcurrent, let next = waiting.popFirst() {
            guard case .waiting(let action) = entries[next] else { continue }
            entries[next] = .running
            runningCount += 1
            completion.start.append(action)
        }
        return completion
    }

    /// Takes no new work: waiting actions are forgotten (the core sends them again to the next
    /// connection) and returned.
    mutating func drain() -> [ActionMessage] {
        isDraining = true
        let dropped = waiting.compactMap { key -> ActionMessage? in
            guard case .waiting(let action) = entries[key] else { return nil }
            entries[key] = nil
            return action
        }
        waiting.removeAll()
        return dropped
    }

    /// Marks every running handler aborted, so that none is answered, and returns their keys.
    mutating func abortAll() -> [ActionKey] {
        let keys = runningKeys
        for key in keys { entries[key] = .aborted }
        return keys
    }

    private mutating func remember(_ key: ActionKey, _ answer: Message) {
        entries[key] = .answered(answer, connection: connection)
        answers.append(key)
        while answers.count > answerMemory, let oldest = answers.popFirst() {
            if case .answered = entries[oldest] { entries[oldest] = nil }
        }
    }
}
