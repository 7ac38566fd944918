import Foundation
import Logging
import RotaEngine
import RotaModel
import RotaStore

/// The core's rules as a value, in the style of the runs' own state machine (`RunningTask`): it
/// owns the runs, the workflows and their triggers, the surpass bookkeeping and the outbox, takes
/// one input at a time (`handle`) and answers with the actions its shell carries out. It does no
/// I/O and reads no clock, so every rule is tested by feeding it inputs.
///
/// What a transition publishes and the runs it queues are stored in the same batch as the state
/// that caused them, and published only once that batch is stored (`stored`): a crash between
/// the commit and the publish loses nothing, because `restore` publishes what was stored and not
/// yet published. One batch is stored at a time; inputs that arrive meanwhile share the next.
public struct CoreMachine: Sendable {
    /// A workflow and the version of its definition.
    struct WorkflowEntry: Sendable {
        var workflow: Workflow
        var version: Int
    }

    /// The deepest run in a cascade of runs that start one another (`cascade_depth`).
    public let cascadeLimit: Int
    private var ids: IdSource
    private var workflows: [String: WorkflowEntry] = [:]
    private var tasks: [TaskId: RunningTask] = [:]
    /// Runs that have finished but whose history entry is not stored yet.
    private var finishing: [TaskId: HistoryEntry] = [:]
    private var runs: [String: WorkflowRuns] = [:]
    /// The run each workflow has queued, by workflow id.
    private var queued: [String: QueuedRun] = [:]
    private var schedule: Schedule<TriggerKey>
    private var eventTriggers = EventTriggers<TriggerKey>()
    private var directory = SubscriberDirectory()
    private var deadlines = DeadlineIndex()
    private var eventWaits = EventWaitIndex()
    /// Runs with an action in the outbox that is not published yet: their pending action reaches
    /// a connecting subscriber when it is published, not from their state.
    private var unpublishedActions: [TaskId: Int] = [:]
    /// The command each run is running, by its number.
    private var runningCommands: [TaskId: Int] = [:]
    private var nextCommand = 0

    private var pending = PendingBatch()
    /// The batch being stored, and its number.
    private var inFlight: (number: Int, batch: PendingBatch)?
    private var nextBatch = 0
    /// How many stores in a row have failed.
    private var storeFailures = 0
    /// The number of the last input that changed something to store.
    private var sequence = 0
    /// The position of the next message in the outbox.
    private var nextPosition: Int64 = 1
    /// Whether the core is stopping: batches are then stored even when they hold only the list
    /// of published messages.
    private var stopping = false

    /// What the input being handled asks of the shell.
    private var actions: [CoreAction] = []

    /// A machine with no workflows and no runs; `restore` gives it what the store holds.
    public init(timeZone: TimeZone, cascadeLimit: Int = Cascade.defaultLimit, ids: IdSource = .random) {
        self.cascadeLimit = cascadeLimit
        self.ids = ids
        schedule = Schedule(timeZone: timeZone)
    }

    /// Takes one input that happened at `now`.
    public mutating func handle(_ input: CoreInput, at now: Date) -> CoreTransition {
        actions = []
        var reply = CoreReply.none
        switch input {
        case .restore(let restore):
            self.restore(restore, now: now)
        case .define(let workflow, let version):
            register(workflow, version: version, lastFires: [:], now: now)
            log(.info, "workflow defined", ["workflow": workflow.id, "version": "\(version)"])
        case .remove(let id):
            remove(id)
        case .message(let message, let origin):
            receive(message, from: origin, now: now)
        case .tick:
            tick(now: now)
        case .subscribersChanged(let subscribers, let removed):
            directory = subscribers
            for removal in removed {
                for id in tasks.keys.sorted() {
                    feed(id, .subscriberRemoved(removal.subscriber, messageType: removal.messageType), now: now)
                }
            }
        case .start(let id, let reason, let cascade, let input):
            reply = .start(start(id, reason: reason, cascade: cascade, input: input, now: now))
        case .stop(let id, let reason):
            reply = .stop(stop(id, reason: reason, now: now))
        case .note(let messages, let id):
            note(messages, in: id, now: now)
        case .commandFinished(let id, let number, let step, let result):
            // The result of a command that was cancelled (its run ended, or the core stops and
            // runs it again on start) or replaced by a later one of its run counts for nothing.
            guard runningCommands[id] == number else { break }
            runningCommands[id] = nil
            feed(id, .commandFinished(step: step, result: result), now: now)
        case .stored(let number):
            stored(number, now: now)
        case .storeFailed(let number):
            storeFailed(number)
        case .finish:
            stopping = true
            for id in runningCommands.keys.sorted() { actions.append(.cancelCommand(id)) }
            runningCommands = [:]
        }
        var storedBy: Int?
        if !pending.isEmpty {
            sequence += 1
            pending.sequence = sequence
            storedBy = sequence
        }
        storeNextIfIdle(delay: nil)
        let taken = actions
        actions = []
        return CoreTransition(actions: taken, reply: reply, storedBy: storedBy)
    }

    // MARK: - Workflows

    private mutating func restore(_ restore: CoreRestore, now: Date) {
        directory = restore.subscribers
        for workflow in restore.workflows {
            register(workflow.definition, version: workflow.version, lastFires: restore.lastFires, now: now)
        }
        for snapshot in restore.running {
            do {
                let task = try RunningTask(snapshot: snapshot)
                tasks[task.id] = task
                runs[task.workflow.id, default: WorkflowRuns(policy: task.workflow.onSurpass)].started(task.id)
                index(task)
                log(.info, "resuming run", metadata(task, step: task.currentStep?.name))
                for case .runCommand(let command, let step) in task.resumeCommands() {
                    runCommand(command, step: step, of: task)
                }
            } catch {
                log(.error, "cannot resume a stored run: \(error)", [:])
            }
        }
        forgetGoneSubscribers(now: now)
        for run in restore.queued {
            guard let entry = workflows[run.workflowId], queued[run.workflowId] == nil else {
                drop(run, reason: "its workflow is gone, or has a queued run already", now: now)
                continue
            }
            let workflowRuns = runs[run.workflowId] ?? WorkflowRuns(policy: entry.workflow.onSurpass)
            guard !workflowRuns.active.isEmpty else {
                startRun(entry, id: run.taskId, reason: run.reason, cascade: run.cascade, input: run.input ?? [:], now: now)
                pending.dequeued.append(run.taskId)
                continue
            }
            queued[run.workflowId] = run
            runs[run.workflowId] = WorkflowRuns(policy: workflowRuns.policy, active: workflowRuns.active, hasQueuedRun: true)
        }
        nextPosition = (restore.unpublished.map(\.position).max() ?? 0) + 1
        var readable: [(stored: OutboxMessage, message: Message)] = []
        for stored in restore.unpublished {
            do {
                readable.append((stored, try stored.message()))
            } catch {
                log(.error, "a stored message cannot be read and is not published: \(error)", ["message": stored.id])
            }
        }
        publish(readable, now: now)
    }

    /// Running steps stop waiting for subscribers that no longer subscribe to their action: a
    /// subscription removed and stored just before a crash may not have reached the runs' stored
    /// state.
    private mutating func forgetGoneSubscribers(now: Date) {
        for task in runningTasks() {
            guard case .performAction(let messageType, _)? = task.currentStep?.action else { continue }
            let subscribed = directory.subscriptions(to: messageType)
            for subscriber in task.waitingFor.sorted() where subscribed[subscriber] == nil {
                feed(task.id, .subscriberRemoved(subscriber, messageType: messageType), now: now)
            }
        }
    }

    private mutating func register(_ workflow: Workflow, version: Int, lastFires: [String: Date], now: Date) {
        let previousTriggers = workflows[workflow.id]?.workflow.triggers.count ?? 0
        workflows[workflow.id] = WorkflowEntry(workflow: workflow, version: version)
        for (index, trigger) in workflow.triggers.enumerated() {
            let key = TriggerKey(workflowId: workflow.id, index: index)
            switch trigger {
            case .cron(let expression):
                eventTriggers.unregister(key)
                schedule.register(key, expression, now: now, lastFired: lastFires[key.description])
            case .event(let messageType, let filter):
                schedule.unregister(key)
                eventTriggers.register(key, messageType: messageType, filter: filter)
            }
        }
        for index in workflow.triggers.count..<max(previousTriggers, workflow.triggers.count) {
            let key = TriggerKey(workflowId: workflow.id, index: index)
            schedule.unregister(key)
            eventTriggers.unregister(key)
        }
    }

    private mutating func remove(_ id: String) {
        guard let entry = workflows.removeValue(forKey: id) else { return }
        for index in entry.workflow.triggers.indices {
            let key = TriggerKey(workflowId: id, index: index)
            schedule.unregister(key)
            eventTriggers.unregister(key)
        }
        log(.info, "workflow removed", ["workflow": id])
    }

    // MARK: - Messages

    private mutating func receive(_ message: Message, from origin: MessageOrigin, now: Date) {
        switch origin {
        case .announcement:
            actions.append(.publish([message]))
        case .run(let eventOrigin):
            guard case .event(let event) = message else { return }
            enqueue(.event(event), origin: eventOrigin)
        case .client:
            guard case .event(let event) = message else { return }
            actions.append(.publish([message]))
            take(event, from: nil, now: now)
        case .actor:
            actions.append(.publish([message]))
            switch message {
            case .actionDone(let action), .actionError(let action, _):
                guard let task = tasks[action.task] else { return }
                let roundTrip = Self.roundTrip(of: action, in: task, at: now)
                feed(action.task, .message(message), now: now)
                if let roundTrip { actions.append(.metric(.actionAnswered(messageType: roundTrip.messageType, seconds: roundTrip.seconds))) }
            case .actionInfo(let action, _, _), .actionProgress(let action, _, _):
                feed(action.task, .message(message), now: now)
            case .event(let event):
                take(event, from: nil, now: now)
            case .action, .actionAbort:
                return
            }
        }
    }

    /// The round trip of an answer the run's current step waits for: the step's own message type
    /// and the seconds since the step began; nil for an answer the step does not wait for.
    private static func roundTrip(of answer: ActionMessage, in task: RunningTask, at now: Date) -> (messageType: String, seconds: Double)? {
        guard let subscriberId = answer.subscriberId, task.waitingFor.contains(subscriberId), let step = task.currentStep,
            step.name == answer.step, case .performAction(let messageType, _) = step.action, messageType == answer.messageType,
            let began = task.currentStepIndex.flatMap({ task.steps[$0].startedAt })
        else { return nil }
        return (messageType, now.timeIntervalSince(began))
    }

    /// Hands `event` to the runs that wait for its type (but `origin`'s run) and starts the
    /// workflows it triggers (but `origin`'s workflow, so that a workflow triggered by its own
    /// kind of event does not start itself again and again). The runs it starts take the event's
    /// cascade: the origin's for an event the core published, else what the event's data says.
    private mutating func take(_ event: Event, from origin: EventOrigin?, now: Date) {
        for id in eventWaits.runs(waitingFor: event.messageType) where id != origin?.task {
            feed(id, .message(.event(event)), now: now)
        }
        startWorkflows(triggeredBy: event, cascade: origin?.cascade ?? Cascade(of: event), now: now, except: origin?.workflow)
    }

    private mutating func startWorkflows(triggeredBy event: Event, cascade: Cascade, now: Date, except excluded: String?) {
        var started: Set<String> = excluded.map { [$0] } ?? []
        var triggered: [WorkflowEntry] = []
        for key in eventTriggers.fired(by: event) where !started.contains(key.workflowId) {
            guard let entry = workflows[key.workflowId] else { continue }
            started.insert(key.workflowId)
            triggered.append(entry)
        }
        if let id = Self.workflowId(startedBy: event.messageType), !started.contains(id), let entry = workflows[id] {
            triggered.append(entry)
        }
        let input = Self.input(of: event)
        for entry in triggered where cut(entry.workflow.id, cascade: cascade) == nil {
            let problems = Self.inputProblems(entry.workflow, input)
            guard problems.isEmpty else {
                let listed = problems.map(\.description).joined(separator: "; ")
                log(.warning, "run not started: the event's data is not a valid input: \(listed)", ["workflow": entry.workflow.id, "trigger": "event \(event.messageType)"])
                continue
            }
            _ = trigger(entry, reason: "event \(event.messageType)", cascade: cascade, input: input, now: now)
        }
    }

    /// What is wrong with `input` for a run of `workflow`: it does not fit the inputs the workflow
    /// declares, or fills a command past its limit.
    static func inputProblems(_ workflow: Workflow, _ input: [String: JSONValue]) -> [DefinitionError] {
        let problems = workflow.inputErrors(input)
        return problems.isEmpty ? Placeholders.inputProblems(workflow, input: input) : problems
    }

    /// The input of a run an event starts: the event's data, without the cascade the core keeps
    /// in it; nothing when the data is not an object.
    static func input(of event: Event) -> [String: JSONValue] {
        var input = event.data.objectValue ?? [:]
        input.removeValue(forKey: Cascade.dataKey)
        return input
    }

    /// The workflow an event `start_<id>_workflow` starts, which every workflow answers to.
    static func workflowId(startedBy messageType: String) -> String? {
        guard messageType.hasPrefix("start_"), messageType.hasSuffix("_workflow"), messageType.count > 15 else { return nil }
        return String(messageType.dropFirst(6).dropLast(9))
    }

    /// The cut of a run of `workflowId` with `cascade`, when that is deeper than the limit; nil
    /// when the run may start. The first cut past the limit is announced by an `error` event.
    private mutating func cut(_ workflowId: String, cascade: Cascade) -> CascadeCut? {
        guard !cascade.isWithin(cascadeLimit) else { return nil }
        let cut = CascadeCut(workflow: workflowId, cascade: cascade, limit: cascadeLimit)
        let metadata = ["workflow": workflowId, "cascade": "\(cascade)"]
        guard cascade.depth == cascadeLimit + 1 else {
            log(.info, "\(cut)", metadata)
            return cut
        }
        log(.warning, "\(cut)", metadata)
        let notice = cut.notice
        enqueue(.event(notice), origin: EventOrigin(core: Cascade(of: notice)))
        return cut
    }

    // MARK: - Requests

    private mutating func start(
        _ id: String, reason: String, cascade: Cascade?, input: [String: JSONValue], now: Date
    ) -> Result<RunStart, StartProblem> {
        guard let entry = workflows[id] else { return .failure(.unknownWorkflow(UnknownWorkflow(id: id))) }
        let problems = Self.inputProblems(entry.workflow, input)
        guard problems.isEmpty else { return .failure(.invalidInput(problems)) }
        if let cascade, let cut = cut(id, cascade: cascade) { return .failure(.cut(cut)) }
        return .success(trigger(entry, reason: reason, cascade: cascade ?? Cascade(), input: input, now: now))
    }

    private mutating func stop(_ id: TaskId, reason: String, now: Date) -> Bool {
        if tasks[id] != nil {
            feed(id, .stop(reason: reason), now: now)
            return true
        }
        guard let run = queued.values.first(where: { $0.taskId == id }) else { return false }
        queued[run.workflowId] = nil
        runs[run.workflowId]?.dropQueuedRun()
        drop(run, reason: reason, now: now)
        return true
    }

    /// Ends a queued run that will not start: it leaves the queue and becomes history, stopped
    /// for `reason`, so that whoever was told it was queued finds how it ended.
    private mutating func drop(_ run: QueuedRun, reason: String, now: Date) {
        pending.dequeued.append(run.taskId)
        let entry = HistoryEntry(
            taskId: run.taskId, workflowId: run.workflowId, workflowVersion: workflows[run.workflowId]?.version ?? 0,
            startedAt: run.queuedAt, finishedAt: now, outcome: .stopped(reason: reason), errors: 0, steps: [])
        pending.finished.append(entry)
        finishing[run.taskId] = entry
        log(.info, "queued run stopped before it started: \(reason)", ["task": run.taskId, "workflow": run.workflowId])
    }

    private mutating func note(_ messages: [String], in id: TaskId, now: Date) {
        guard let task = tasks[id] else { return }
        for message in messages {
            let entry = TaskLogEntry(at: now, level: .info, step: task.currentStep?.name, message: message)
            pending.log.append((id, entry))
            log(entry, of: task)
        }
    }

    private mutating func tick(now: Date) {
        for key in schedule.due(at: now) {
            pending.fires[key.description] = now
            guard let entry = workflows[key.workflowId] else { continue }
            let problems = Self.inputProblems(entry.workflow, [:])
            guard problems.isEmpty else {
                let listed = problems.map(\.description).joined(separator: "; ")
                log(.warning, "scheduled run not started: a run started by the schedule has no input: \(listed)", ["workflow": entry.workflow.id])
                continue
            }
            _ = trigger(entry, reason: "schedule", cascade: Cascade(), now: now)
        }
        for id in deadlines.due(at: now) {
            feed(id, .tick, now: now)
        }
    }

    // MARK: - Runs

    /// Starts a run of `entry`, or queues or skips it by the workflow's surpass policy.
    private mutating func trigger(_ entry: WorkflowEntry, reason: String, cascade: Cascade, input: [String: JSONValue] = [:], now: Date) -> RunStart {
        let workflow = entry.workflow
        var workflowRuns = runs[workflow.id] ?? WorkflowRuns(policy: workflow.onSurpass)
        if workflowRuns.policy != workflow.onSurpass, workflowRuns.active.isEmpty, !workflowRuns.hasQueuedRun {
            workflowRuns = WorkflowRuns(policy: workflow.onSurpass)
        }
        let decision = workflowRuns.trigger()
        runs[workflow.id] = workflowRuns
        switch decision {
        case .skip:
            log(.info, "run not started: one is active (\(workflow.onSurpass.rawValue))", ["workflow": workflow.id, "trigger": reason])
            return .skipped
        case .queue:
            let run = QueuedRun(taskId: ids.next(), workflowId: workflow.id, cascade: cascade, queuedAt: now, reason: reason, input: input)
            queued[workflow.id] = run
            pending.queued.append(run)
            log(.info, "run queued until the active one ends", ["task": run.taskId, "workflow": workflow.id, "trigger": reason])
            return .queued(run.taskId)
        case .replace(let stopping):
            for id in stopping { feed(id, .stop(reason: "replaced by a new run"), now: now) }
        case .start:
            break
        }
        let id = ids.next()
        startRun(entry, id: id, reason: reason, cascade: cascade, input: input, now: now)
        return .started(id)
    }

    /// Starts run `id` of `entry` now.
    private mutating func startRun(_ entry: WorkflowEntry, id: TaskId, reason: String, cascade: Cascade, input: [String: JSONValue], now: Date) {
        let workflow = entry.workflow
        tasks[id] = RunningTask(
            id: id, workflow: Placeholders.fill(workflow, taskId: id, now: now), workflowVersion: entry.version, createdAt: now,
            cascade: cascade, input: input)
        runs[workflow.id, default: WorkflowRuns(policy: workflow.onSurpass)].started(id)
        actions.append(.metric(.runStarted(workflow: workflow.id)))
        log(.info, "run started", ["task": id, "workflow": workflow.id, "trigger": reason])
        feed(id, .start, now: now)
    }

    /// Hands one input to a run and takes in what it returns.
    private mutating func feed(_ id: TaskId, _ input: TaskInput, now: Date) {
        guard var task = tasks[id] else { return }
        let before = task.currentStepIndex ?? 0
        let commands = task.handle(input, at: now, subscribers: directory)
        tasks[id] = task
        guard !commands.isEmpty else { return }
        if task.pendingRetry != nil, runningCommands.removeValue(forKey: id) != nil { actions.append(.cancelCommand(id)) }
        recordEndedSteps(of: task, since: before)
        index(task)
        let origin = EventOrigin(task: id, workflow: task.workflow.id, cascade: task.eventCascade)
        for command in commands {
            switch command {
            case .persist:
                pending.changed.insert(id)
            case .publish(let message):
                enqueue(message, origin: origin)
            case .runCommand(let command, let step):
                runCommand(command, step: step, of: task)
            case .log(let entry):
                pending.log.append((id, entry))
                log(entry, of: task)
            case .finish(let outcome):
                finish(id, outcome, now: now)
            }
        }
    }

    /// Keeps the indexes of deadlines and event waits in step with the run.
    private mutating func index(_ task: RunningTask) {
        let finished = task.outcome != nil
        deadlines.set(task.id, deadline: finished ? nil : task.deadline)
        var waitsFor: String?
        if !finished, case .waitForEvent(let messageType, _)? = task.currentStep?.action { waitsFor = messageType }
        eventWaits.set(task.id, waitsFor: waitsFor)
    }

    private mutating func runCommand(_ command: String, step: String, of task: RunningTask) {
        let timeout = task.workflow.steps.first { $0.name == step }?.timeout ?? Step.defaultTimeout
        let number = nextCommand
        nextCommand += 1
        pending.commands.append(
            CommandOrder(task: task.id, number: number, command: command, step: step, workflow: task.workflow, timeout: timeout, cascade: task.eventCascade,
                input: task.input))
    }

    private mutating func finish(_ id: TaskId, _ outcome: TaskOutcome, now: Date) {
        guard let task = tasks.removeValue(forKey: id) else { return }
        deadlines.set(id, deadline: nil)
        eventWaits.set(id, waitsFor: nil)
        if runningCommands.removeValue(forKey: id) != nil { actions.append(.cancelCommand(id)) }
        pending.commands.removeAll { $0.task == id }
        pending.changed.remove(id)
        let entry = HistoryEntry(
            taskId: id, workflowId: task.workflow.id, workflowVersion: task.workflowVersion,
            startedAt: task.startedAt ?? task.createdAt, finishedAt: now, outcome: outcome, errors: task.errorCount,
            steps: task.steps, input: task.input)
        pending.finished.append(entry)
        finishing[id] = entry
        actions.append(.metric(.runFinished(workflow: task.workflow.id, outcome: outcome.name)))
        log(.info, "run finished: \(Self.describe(outcome))", metadata(task, step: nil))
        guard runs[task.workflow.id]?.ended(id) == true, let run = queued.removeValue(forKey: task.workflow.id) else { return }
        guard let entry = workflows[task.workflow.id] else {
            drop(run, reason: "its workflow was removed", now: now)
            return
        }
        pending.dequeued.append(run.taskId)
        startRun(entry, id: run.taskId, reason: "queued while \(id) ran", cascade: run.cascade, input: run.input ?? [:], now: now)
    }

    /// Records the duration of every step that ended since the run was at step `index`.
    private mutating func recordEndedSteps(of task: RunningTask, since index: Int) {
        let end = task.currentStepIndex ?? task.steps.count
        for step in task.steps[index..<max(index, end)] {
            if let began = step.startedAt, let ended = step.endedAt {
                actions.append(.metric(.stepEnded(workflow: task.workflow.id, step: step.name, seconds: ended.timeIntervalSince(began))))
            }
        }
    }

    // MARK: - The outbox

    /// Adds a message of a transition to the outbox: stored with the batch, then published.
    private mutating func enqueue(_ message: Message, origin: EventOrigin) {
        let id = ids.next()
        var message = message
        if case .event(var event) = message {
            event.id = id
            message = .event(event)
        }
        if case .action(let action) = message { unpublishedActions[action.task, default: 0] += 1 }
        let stored = OutboxMessage(
            id: id, position: nextPosition, message: message, originTask: origin.task, originWorkflow: origin.workflow, cascade: origin.cascade)
        pending.outbox.append((stored, message))
        nextPosition += 1
    }

    /// Asks for the pending batch to be stored, when none is being stored and there is one.
    private mutating func storeNextIfIdle(delay: Duration?) {
        guard inFlight == nil, !pending.isEmpty || (stopping && !pending.published.isEmpty) else { return }
        let batch = pending
        pending = PendingBatch()
        let number = nextBatch
        nextBatch += 1
        inFlight = (number, batch)
        var changes = TaskChanges()
        changes.running = batch.changed.sorted().compactMap { tasks[$0]?.snapshot }
        changes.finished = batch.finished
        changes.log = batch.log
        changes.fires = batch.fires
        changes.outbox = batch.outbox.map(\.stored)
        changes.published = batch.published
        changes.queued = batch.queued
        changes.dequeued = batch.dequeued
        actions.append(.store(StoreBatch(number: number, changes: changes, delay: delay)))
    }

    private mutating func stored(_ number: Int, now: Date) {
        guard let (flying, batch) = inFlight, flying == number else { return }
        inFlight = nil
        storeFailures = 0
        for entry in batch.finished { finishing[entry.taskId] = nil }
        actions.append(.resume(upTo: batch.sequence))
        publish(batch.outbox, now: now)
        for order in batch.commands where tasks[order.task] != nil {
            runningCommands[order.task] = order.number
            actions.append(.runCommand(order))
        }
    }

    /// Publishes stored messages, notes them to leave the store with the next batch, and hands
    /// their events to the runs and triggers.
    private mutating func publish(_ messages: [(stored: OutboxMessage, message: Message)], now: Date) {
        guard !messages.isEmpty else { return }
        pending.published += messages.map(\.stored.id)
        actions.append(.publish(messages.map(\.message)))
        for case .action(let action) in messages.map(\.message) {
            guard let count = unpublishedActions[action.task] else { continue }
            unpublishedActions[action.task] = count > 1 ? count - 1 : nil
        }
        for (stored, message) in messages {
            guard case .event(let event) = message else { continue }
            let origin =
                stored.originTask.map { EventOrigin(task: $0, workflow: stored.originWorkflow ?? "", cascade: stored.cascade) }
                ?? EventOrigin(core: stored.cascade)
            take(event, from: origin, now: now)
        }
    }

    private mutating func storeFailed(_ number: Int) {
        guard let (flying, batch) = inFlight, flying == number else { return }
        inFlight = nil
        storeFailures += 1
        pending = batch.followed(by: pending)
        storeNextIfIdle(delay: .milliseconds(min(Self.longestRetryDelay, Self.retryDelayStep * storeFailures)))
    }

    /// The wait before the first retry of a failed store; each further failure adds as much.
    static let retryDelayStep = 100
    /// The longest wait between retries of a failed store, in milliseconds.
    static let longestRetryDelay = 5000

    // MARK: - Queries

    /// The actions `subscriberId` still owes running tasks, oldest run first, to send when it
    /// connects. A run whose action is not published yet is left out: the action reaches the
    /// subscriber when it is published, once stored.
    public func pendingActions(for subscriberId: SubscriberId) -> [Message] {
        tasks.values.filter { unpublishedActions[$0.id] == nil }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .compactMap { $0.pendingAction(for: subscriberId) }
    }

    /// Every running task, oldest first.
    public func runningTasks() -> [RunningTask] {
        tasks.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// One running task.
    public func task(_ id: TaskId) -> RunningTask? {
        tasks[id]
    }

    /// How many runs are running.
    public var runningCount: Int { tasks.count }

    /// A run the machine knows: queued, running, or finished and not stored yet.
    public func lookUp(_ id: TaskId) -> RunLookup? {
        if let task = tasks[id] { return .running(task) }
        if let entry = finishing[id] { return .finished(entry) }
        return queued.values.first { $0.taskId == id }.map(RunLookup.queued)
    }

    /// The queued runs, oldest first.
    public var queuedRuns: [QueuedRun] { queued.values.sorted { ($0.queuedAt, $0.taskId) < ($1.queuedAt, $1.taskId) } }

    /// Every workflow with the version of its definition, by id.
    public func allWorkflows() -> [(workflow: Workflow, version: Int)] {
        workflows.values.sorted { $0.workflow.id < $1.workflow.id }.map { ($0.workflow, $0.version) }
    }

    /// One workflow with the version of its definition.
    public func workflow(_ id: String) -> (workflow: Workflow, version: Int)? {
        workflows[id].map { ($0.workflow, $0.version) }
    }

    /// When the workflow's cron triggers fire next after `now`, if it has any.
    public func nextScheduledRun(of id: String, after now: Date) -> Date? {
        workflows[id]?.workflow.cronFires(after: now, in: schedule.timeZone, count: 1).first
    }

    /// Whether everything handled so far is stored and published.
    public var isSettled: Bool { pending.isEmpty && inFlight == nil }

    // MARK: - Logs

    private mutating func log(_ level: Logger.Level, _ message: String, _ metadata: [String: String]) {
        actions.append(.log(CoreLogLine(level: level, message: message, metadata: metadata)))
    }

    private mutating func log(_ entry: TaskLogEntry, of task: RunningTask) {
        var metadata = metadata(task, step: entry.step)
        if let subscriber = entry.subscriberId { metadata["subscriber"] = subscriber }
        log(entry.level == .error ? .warning : .info, entry.message, metadata)
    }

    private func metadata(_ task: RunningTask, step: String?) -> [String: String] {
        var metadata = ["task": task.id, "workflow": task.workflow.id]
        if let step { metadata["step"] = step }
        return metadata
    }

    static func describe(_ outcome: TaskOutcome) -> String {
        switch outcome {
        case .success: return "success"
        case .failure(let reason): return "failed: \(reason)"
        case .stopped(let reason): return "stopped: \(reason)"
        }
    }
}
