import Foundation
import RotaModel

/// One run of a workflow, as a value-type state machine: `handle` consumes one input and
/// returns the commands its executor must carry out. It never does I/O and never reads the
/// clock; the time of each input comes in with it.
///
/// The step being performed keeps the set of blocking subscribers it still waits for, so an
/// answer costs O(1) however many subscribers there are.
public struct RunningTask: Sendable {
    /// Where the run stands.
    public enum Phase: Sendable, Hashable, Codable {
        /// Created, not started.
        case created
        /// Performing the step at this index of the workflow's steps.
        case running(step: Int)
        /// Ended.
        case finished(TaskOutcome)
    }

    public let id: TaskId
    /// The workflow as it was when the run was created; changing the workflow later does not
    /// change this run.
    public let workflow: Workflow
    /// The version of the workflow's definition the run uses, for its history.
    public let workflowVersion: Int
    /// The runs that led to this one; none for a run started by cron, the API or a client.
    public let cascade: Cascade
    /// What the run was started with: the API request's `input`, the triggering event's data, or
    /// nothing. Every action of the run carries it as `data.input`.
    public let input: [String: JSONValue]
    /// The cascade every event the run publishes carries, and that a run its command starts takes.
    public let eventCascade: Cascade
    /// `eventCascade` as it goes into an event's data, made once.
    private let eventCascadeValue: JSONValue
    /// What the data of every `step_started`, `step_end` and `task_end` begins with: the run's id,
    /// its workflow's id and `eventCascade`, made once with room for the keys each event adds, so
    /// that an event copies it rather than hashing these keys again.
    private let runEventData: [String: JSONValue]
    public private(set) var createdAt: Date
    public private(set) var phase: Phase = .created
    /// Every step of the workflow with its state.
    public private(set) var steps: [StepRecord]
    /// Blocking subscribers that still owe an answer to the current step.
    public private(set) var waitingFor: Set<SubscriberId> = []
    /// Blocking subscribers whose answer to the current attempt was `action_error`, or none by
    /// the deadline: the ones a retry asks again.
    public private(set) var failedInAttempt: Set<SubscriberId> = []
    /// The current step's next attempt, while it waits out its backoff.
    public private(set) var pendingRetry: PendingRetry?
    /// When the current step times out, or its pending retry begins.
    public private(set) var deadline: Date?
    public private(set) var progress = TaskProgress()

    public init(
        id: TaskId, workflow: Workflow, workflowVersion: Int = 1, createdAt: Date, cascade: Cascade = Cascade(), input: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.createdAt = createdAt
        self.cascade = cascade
        self.input = input
        eventCascade = cascade.continued(by: workflow.id)
        eventCascadeValue = eventCascade.dataValue
        var runEventData = [String: JSONValue](minimumCapacity: Self.runEventKeys)
        runEventData["task_id"] = .string(id)
        runEventData["workflow"] = .string(workflow.id)
        runEventData[Cascade.dataKey] = eventCascadeValue
        self.runEventData = runEventData
        self.steps = workflow.steps.map { StepRecord(name: $0.name) }
    }

    mutating func restore(
        phase: Phase, steps: [StepRecord], waitingFor: Set<SubscriberId>, failedInAttempt: Set<SubscriberId>, pendingRetry: PendingRetry?,
        deadline: Date?, progress: TaskProgress
    ) {
        self.phase = phase
        self.steps = steps
        self.waitingFor = waitingFor
        self.failedInAttempt = failedInAttempt
        self.pendingRetry = pendingRetry
        self.deadline = deadline
        self.progress = progress
    }

    /// The index of the step being performed, while running.
    public var currentStepIndex: Int? {
        if case .running(let index) = phase { return index }
        return nil
    }

    /// The step being performed, while running.
    public var currentStep: Step? { currentStepIndex.map { workflow.steps[$0] } }

    /// When the first step began.
    public var startedAt: Date? { steps.first?.startedAt }

    /// Errors reported so far, over all steps.
    public var errorCount: Int { steps.reduce(0) { $0 + $1.errors } }

    /// The outcome, once the run has ended.
    public var outcome: TaskOutcome? {
        if case .finished(let outcome) = phase { return outcome }
        return nil
    }

    /// The action `subscriberId` still owes the current step, to send again when it reconnects:
    /// the one the current attempt sent it.
    public func pendingAction(for subscriberId: SubscriberId) -> Message? {
        guard waitingFor.contains(subscriberId), let index = currentStepIndex else { return nil }
        let attempt = steps[index].attempts
        return action(of: workflow.steps[index], attempt: attempt, to: attempt > 1 ? subscriberId : nil)
    }

    /// What to do again after the core restarted with this run in its current step: an
    /// `execute_command` step runs its command again from the start, unless it waits for a retry.
    public func resumeCommands() -> [TaskCommand] {
        guard pendingRetry == nil, let step = currentStep, case .executeCommand(let command) = step.action else { return [] }
        return [.runCommand(command, step: step.name)]
    }

    /// The `action` a step's attempt sends: to every subscriber of its message type, or, for a
    /// retry, to `recipient` alone. Its data holds the step's own action data, the attempt and the
    /// run's input, besides the task and step.
    private func action(of step: Step, attempt: Int, to recipient: SubscriberId?) -> Message? {
        guard case .performAction(let messageType, let data) = step.action else { return nil }
        var extra = data
        extra["attempt"] = .int(Int64(attempt))
        extra["input"] = .object(input)
        return .action(ActionMessage(messageType: messageType, reference: ActionReference(task: id, step: step.name, subscriberId: recipient), extra: extra))
    }

    /// Consumes one input that happened at `now`. `subscribers` is the subscriber directory at
    /// that moment; a step that begins takes its blocking subscribers from it.
    public mutating func handle(_ input: TaskInput, at now: Date, subscribers: SubscriberDirectory) -> [TaskCommand] {
        switch phase {
        case .finished:
            return []
        case .created:
            switch input {
            case .start:
                var transition = Transition(now: now)
                transition.publish(event("task_started", ["task": .string(workflow.name), "task_id": .string(id), "input": .object(self.input)]))
                transition.publish(event("task_start", [:]))
                enter(step: 0, &transition, subscribers)
                return transition.commands
            case .stop(let reason):
                var transition = Transition(now: now)
                finish(.stopped(reason: reason), &transition)
                return transition.commands
            default:
                return []
            }
        case .running(let index):
            var transition = Transition(now: now)
            switch input {
            case .start:
                return []
            case .message(let message):
                handle(message, step: index, &transition, subscribers)
            case .commandFinished(let stepName, let result):
                commandFinished(stepName, result, step: index, &transition, subscribers)
            case .tick:
                guard let deadline, now >= deadline else { return [] }
                if let retry = pendingRetry {
                    beginAttempt(step: index, retrying: retry, &transition, subscribers)
                } else {
                    timeOut(step: index, &transition, subscribers)
                }
            case .stop(let reason):
                abortPending(step: index, &transition)
                end(step: index, state: .stopped, &transition)
                transition.log(.info, step: steps[index].name, "run stopped: \(reason)")
                finish(.stopped(reason: reason), &transition)
            case .subscriberRemoved(let subscriberId, let messageType):
                guard case .performAction(let stepType, _) = workflow.steps[index].action, messageType == nil || messageType == stepType,
                    waitingFor.remove(subscriberId) != nil
                else { return [] }
                transition.stateChanged = true
                transition.log(.info, step: steps[index].name, subscriber: subscriberId, "no longer waited for: its subscription was removed")
                completeIfAnswered(step: index, &transition, subscribers)
            }
            return transition.commands
        }
    }

    // MARK: - Inputs while running

    private mutating func handle(_ message: Message, step index: Int, _ transition: inout Transition, _ subscribers: SubscriberDirectory) {
        let step = workflow.steps[index]
        if case .event(let event) = message {
            if case .waitForEvent(let messageType, let filter) = step.action, event.messageType == messageType,
                event.data.contains(.object(filter))
            {
                transition.log(.info, step: step.name, "event \(messageType) arrived")
                complete(step: index, &transition, subscribers)
            }
            return
        }
        guard let action = message.actionMessage, action.task == id, action.step == step.name,
            case .performAction(let messageType, _) = step.action, action.messageType == messageType,
            let subscriberId = action.subscriberId
        else { return }
        switch message {
        case .actionDone:
            guard waitingFor.remove(subscriberId) != nil else {
                noteAnswer(.done, of: subscriberId, step: index, &transition)
                return
            }
            steps[index].subscribers[subscriberId] = .done
            transition.stateChanged = true
            completeIfAnswered(step: index, &transition, subscribers)
        case .actionError(_, let error):
            if waitingFor.remove(subscriberId) != nil {
                steps[index].subscribers[subscriberId] = .error
                recordError(step: index, subscriber: subscriberId, error, &transition)
                if step.onError == .stop && isLastAttempt(step: index) {
                    fail(step: index, state: .failed, reason: "step \(step.name): \(subscriberId) failed: \(error)", &transition)
                } else {
                    if step.retry != nil { failedInAttempt.insert(subscriberId) }
                    completeIfAnswered(step: index, &transition, subscribers)
                }
            } else if isHeardWithoutWaiting(subscriberId, performing: messageType, subscribers) {
                noteAnswer(.error, of: subscriberId, step: index, &transition)
                recordError(step: index, subscriber: subscriberId, error, &transition)
            }
        case .actionInfo, .actionProgress:
            guard waitingFor.contains(subscriberId) || isHeardWithoutWaiting(subscriberId, performing: messageType, subscribers) else { return }
            note(message, step: index, &transition)
        case .event, .action, .actionAbort:
            return
        }
    }

    /// Takes an `action_info` or `action_progress` of a subscriber the step asked.
    private mutating func note(_ message: Message, step index: Int, _ transition: inout Transition) {
        let step = workflow.steps[index]
        switch message {
        case .actionInfo(let action, let level, let text):
            if level == .error {
                recordError(step: index, subscriber: action.subscriberId, text, &transition)
            } else {
                transition.log(.info, step: step.name, subscriber: action.subscriberId, text)
            }
        case .actionProgress(_, let reported, _):
            progress.record(reported, step: step.name)
            transition.publish(event("progress", ["workflow": .string(workflow.id), "task": .string(id), "message": progressTree.json]))
        default:
            return
        }
    }

    /// Notes the answer of a subscriber the step asked but does not wait for, when it is its
    /// first: a later answer does not replace it, and a subscriber never asked is not listed.
    private mutating func noteAnswer(_ answer: SubscriberAnswer, of subscriberId: SubscriberId, step index: Int, _ transition: inout Transition) {
        guard steps[index].subscribers[subscriberId] == .pending else { return }
        steps[index].subscribers[subscriberId] = answer
        transition.stateChanged = true
    }

    /// Whether the step hears `subscriberId` although it does not wait for it: a subscriber of
    /// the step's message type with `wait_for_completion: false`, which the step asked too. A step
    /// hears the subscribers it still waits for and these; anyone else (an actor never asked, or a
    /// blocking one that has answered already) is ignored.
    private func isHeardWithoutWaiting(_ subscriberId: SubscriberId, performing messageType: String, _ subscribers: SubscriberDirectory) -> Bool {
        subscribers.subscriptions(to: messageType)[subscriberId]?.waitForCompletion == false
    }

    private mutating func commandFinished(
        _ stepName: String, _ result: CommandResult, step index: Int, _ transition: inout Transition, _ subscribers: SubscriberDirectory
    ) {
        let step = workflow.steps[index]
        guard step.name == stepName, case .executeCommand = step.action, pendingRetry == nil else { return }
        switch result {
        case .success(let output):
            if !output.isEmpty { transition.log(.info, step: step.name, output) }
            complete(step: index, &transition, subscribers)
        case .failure(let reason):
            recordError(step: index, subscriber: nil, "command failed: \(reason)", &transition)
            if !isLastAttempt(step: index) {
                scheduleRetry(step: index, reason: "command failed: \(reason)", &transition)
            } else if step.onError == .stop {
                fail(step: index, state: .failed, reason: "step \(step.name): command failed: \(reason)", &transition)
            } else {
                complete(step: index, &transition, subscribers)
            }
        }
    }

    private mutating func timeOut(step index: Int, _ transition: inout Transition, _ subscribers: SubscriberDirectory) {
        let step = workflow.steps[index]
        let missing = waitingFor.isEmpty ? "" : "; no answer from \(waitingFor.sorted().joined(separator: ", "))"
        let reason = "step \(step.name) timed out\(missing)"
        steps[index].errors += 1
        transition.stateChanged = true
        transition.log(.error, step: step.name, reason)
        transition.publish(event("error", ["workflow": .string(workflow.id), "task": .string(id), "message": .string(reason)]))
        for subscriberId in waitingFor { steps[index].subscribers[subscriberId] = .timedOut }
        if !isLastAttempt(step: index) {
            failedInAttempt.formUnion(waitingFor)
            waitingFor = []
            scheduleRetry(step: index, reason: reason, &transition)
        } else if step.onError == .stop {
            fail(step: index, state: .timedOut, reason: reason, &transition)
        } else {
            waitingFor = []
            end(step: index, state: .timedOut, &transition)
            enter(step: index + 1, &transition, subscribers)
        }
    }

    // MARK: - Transitions

    private mutating func recordError(step index: Int, subscriber: SubscriberId?, _ text: String, _ transition: inout Transition) {
        steps[index].errors += 1
        transition.stateChanged = true
        transition.log(.error, step: steps[index].name, subscriber: subscriber, text)
        let message = subscriber.map { "\($0): \(text)" } ?? text
        transition.publish(event("error", ["workflow": .string(workflow.id), "task": .string(id), "message": .string(message)]))
    }

    /// Ends the current attempt once no blocking subscriber owes it an answer: the step is tried
    /// again when one failed and attempts remain, else it is complete.
    private mutating func completeIfAnswered(step index: Int, _ transition: inout Transition, _ subscribers: SubscriberDirectory) {
        guard waitingFor.isEmpty else { return }
        if !failedInAttempt.isEmpty, !isLastAttempt(step: index) {
            let failed = failedInAttempt.sorted().joined(separator: ", ")
            scheduleRetry(step: index, reason: "step \(workflow.steps[index].name) failed for \(failed)", &transition)
        } else {
            complete(step: index, &transition, subscribers)
        }
    }

    // MARK: - Retries

    /// Whether the current attempt of the step is its last.
    private func isLastAttempt(step index: Int) -> Bool {
        steps[index].attempts >= workflow.steps[index].attempts
    }

    /// Waits out the step's backoff before its next attempt, which asks again the blocking
    /// subscribers that failed this one; announced by a `step_retry` event.
    private mutating func scheduleRetry(step index: Int, reason: String, _ transition: inout Transition) {
        let step = workflow.steps[index]
        guard let policy = step.retry else { return }
        let attempt = steps[index].attempts
        let wait = policy.delay(after: attempt, seed: retrySeed(step: step.name))
        let due = transition.now.addingTimeInterval(wait)
        pendingRetry = PendingRetry(due: due, subscribers: failedInAttempt.sorted())
        failedInAttempt = []
        deadline = due
        transition.stateChanged = true
        transition.log(.info, step: step.name, "attempt \(attempt) of \(policy.attempts) failed (\(reason)); attempt \(attempt + 1) in \(Self.seconds(wait)) s")
        var retry = runEventData
        retry["step"] = .string(step.name)
        retry["attempt"] = .int(Int64(attempt))
        retry["retry_in"] = .number(Self.seconds(wait))
        retry["due"] = .string(Timestamp.string(due))
        retry["reason"] = .string(reason)
        transition.publish(.event(Event(messageType: "step_retry", data: .object(retry))))
    }

    /// The seed of a step's jitter: the same for every attempt of the step in this run, and
    /// different for other runs and steps.
    private func retrySeed(step name: String) -> UInt64 {
        var seed: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for byte in name.utf8 { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return seed
    }

    /// Begins the next attempt of the step, its backoff over: a command runs again; an action
    /// goes to each subscriber `retry` names that still subscribes to it, and the step waits for
    /// the blocking ones. With none of them left, the step is complete.
    private mutating func beginAttempt(step index: Int, retrying retry: PendingRetry, _ transition: inout Transition, _ subscribers: SubscriberDirectory) {
        let step = workflow.steps[index]
        pendingRetry = nil
        deadline = nil
        transition.stateChanged = true
        steps[index].attempts += 1
        publishStepStarted(step: index, &transition)
        switch step.action {
        case .performAction(let messageType, _):
            let subscriptions = subscribers.subscriptions(to: messageType)
            var timeout = step.timeout
            for subscriberId in retry.subscribers {
                guard let subscription = subscriptions[subscriberId] else { continue }
                steps[index].subscribers[subscriberId] = .pending
                if subscription.waitForCompletion {
                    waitingFor.insert(subscriberId)
                    timeout = max(timeout, subscription.timeout)
                }
                if let action = action(of: step, attempt: steps[index].attempts, to: subscriberId) { transition.publish(action) }
            }
            guard !waitingFor.isEmpty else {
                transition.log(.info, step: step.name, "no subscriber left to try again")
                complete(step: index, &transition, subscribers)
                return
            }
            deadline = transition.now.addingTimeInterval(TimeoutRange.clamped(timeout))
        case .executeCommand(let command):
            deadline = transition.now.addingTimeInterval(TimeoutRange.clamped(step.timeout))
            transition.run(command, step: step.name)
        case .waitForEvent, .emitEvent:
            complete(step: index, &transition, subscribers)
        }
    }

    /// Announces that an attempt of the step begins: `step_started`, with the attempt's number.
    private mutating func publishStepStarted(step index: Int, _ transition: inout Transition) {
        var started = runEventData
        started["step"] = .string(steps[index].name)
        started["attempt"] = .int(Int64(steps[index].attempts))
        transition.publish(.event(Event(messageType: "step_started", data: .object(started))))
    }

    private mutating func complete(step index: Int, _ transition: inout Transition, _ subscribers: SubscriberDirectory) {
        end(step: index, state: .succeeded, &transition)
        enter(step: index + 1, &transition, subscribers)
    }

    private mutating func end(step index: Int, state: StepRecord.State, _ transition: inout Transition) {
        transition.stateChanged = true
        steps[index].state = state
        steps[index].endedAt = transition.now
        deadline = nil
        pendingRetry = nil
        failedInAttempt = []
        let record = steps[index]
        var ended = runEventData
        ended["step"] = .string(record.name)
        ended["state"] = .string(state.rawValue)
        ended["duration"] = .number(Self.seconds(record.duration))
        ended["errors"] = .int(Int64(record.errors))
        ended["attempts"] = .int(Int64(record.attempts))
        if !record.subscribers.isEmpty { ended["subscribers"] = .object(record.subscribers.mapValues { .string($0.rawValue) }) }
        transition.publish(.event(Event(messageType: "step_end", data: .object(ended))))
    }

    private mutating func fail(step index: Int, state: StepRecord.State, reason: String, _ transition: inout Transition) {
        abortPending(step: index, &transition)
        end(step: index, state: state, &transition)
        finish(.failure(reason: reason), &transition)
    }

    /// Sends `action_abort` when blocking subscribers still owe the current step an answer.
    private mutating func abortPending(step index: Int, _ transition: inout Transition) {
        guard !waitingFor.isEmpty, case .performAction(let messageType, _) = workflow.steps[index].action else { return }
        transition.publish(.actionAbort(ActionMessage(messageType: messageType, task: id, step: steps[index].name)))
        waitingFor = []
    }

    /// Begins the step at `index`, and every following step that is done at once, until one
    /// must wait or the workflow ends.
    private mutating func enter(step index: Int, _ transition: inout Transition, _ subscribers: SubscriberDirectory) {
        var index = index
        transition.stateChanged = true
        while index < workflow.steps.count {
            let step = workflow.steps[index]
            phase = .running(step: index)
            steps[index].state = .running
            steps[index].startedAt = transition.now
            steps[index].attempts = 1
            publishStepStarted(step: index, &transition)
            switch step.action {
            case .performAction(let messageType, _):
                var timeout = step.timeout
                let asked = subscribers.subscriptions(to: messageType)
                steps[index].subscribers = asked.mapValues { _ in .pending }
                for (subscriberId, subscription) in asked where subscription.waitForCompletion {
                    waitingFor.insert(subscriberId)
                    timeout = max(timeout, subscription.timeout)
                }
                if let action = action(of: step, attempt: 1, to: nil) { transition.publish(action) }
                if !waitingFor.isEmpty {
                    deadline = transition.now.addingTimeInterval(TimeoutRange.clamped(timeout))
                    return
                }
            case .waitForEvent:
                deadline = transition.now.addingTimeInterval(TimeoutRange.clamped(step.timeout))
                return
            case .emitEvent(let event):
                transition.publish(.event(Cascade.stamped(eventCascadeValue, on: event)))
            case .executeCommand(let command):
                deadline = transition.now.addingTimeInterval(TimeoutRange.clamped(step.timeout))
                transition.run(command, step: step.name)
                return
            }
            end(step: index, state: .succeeded, &transition)
            index += 1
        }
        finish(.success, &transition)
    }

    private mutating func finish(_ outcome: TaskOutcome, _ transition: inout Transition) {
        transition.stateChanged = true
        phase = .finished(outcome)
        deadline = nil
        waitingFor = []
        let startedAt = startedAt ?? createdAt
        var ended = runEventData
        ended["descriptor_id"] = .string(workflow.id)
        ended["success"] = .bool(outcome.isSuccess)
        ended["outcome"] = .string(outcome.name)
        ended["duration"] = .number(Self.seconds(transition.now.timeIntervalSince(startedAt)))
        ended["errors"] = .int(Int64(errorCount))
        transition.publish(.event(Event(messageType: "task_end", data: .object(ended))))
        transition.finish(outcome)
    }

    /// The run's progress tree, rooted at the workflow's id.
    public var progressTree: ProgressReport { progress.tree(name: workflow.id, steps: steps) }

    /// Percent done of the whole run.
    public var percentage: Double { progress.percentage(of: steps) }

    /// Seconds to a millisecond, as the API shows durations.
    static func seconds(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }

    /// The most keys the data of `step_started`, `step_end` or `task_end` holds.
    private static let runEventKeys = 10

    /// A core event about this run, carrying `task_id` and `descriptor_id` as `task_start` does,
    /// and the run's `eventCascade`, besides `fields`. The events of every step and `task_end`
    /// begin from `runEventData` instead.
    private func event(_ messageType: String, _ fields: [String: JSONValue]) -> Message {
        var data = fields
        if messageType == "task_start" {
            data["task_id"] = .string(id)
            data["descriptor_id"] = .string(workflow.id)
        }
        data[Cascade.dataKey] = eventCascadeValue
        return .event(Event(messageType: messageType, data: .object(data)))
    }
}
