import Foundation
import Logging
import RotaEngine
import RotaModel
import RotaStore

/// Owns every running task, the workflows and their triggers, and executes what the engine
/// decides.
///
/// Inputs (answers, events, ticks, starts, stops) are handled at once, synchronously, by the
/// runs' state machines; what they return goes to an outbox. `runFlushLoop` stores the whole
/// outbox in one transaction and only then publishes its messages and runs its commands, so a
/// run's state is durable before anyone sees its consequences, and answers that arrive together
/// share one commit.
public actor TaskHandler {
    private struct WorkflowEntry {
        var workflow: Workflow
        var version: Int
    }

    private let store: any TaskStore
    private let bus: MessageBus
    private let clock: any CoreClock
    private let metrics: CoreMetrics
    private let commandRunner: any CommandRunner
    private let logger: Logger

    private var workflows: [String: WorkflowEntry] = [:]
    private var tasks: [TaskId: RunningTask] = [:]
    /// Runs that have finished but whose history entry is not stored yet, so that they are
    /// found between leaving `tasks` and the flush that stores them.
    private var finishing: [TaskId: HistoryEntry] = [:]
    private var runs: [String: WorkflowRuns] = [:]
    /// The cascade of the run each workflow has queued, for when it starts.
    private var queuedCascades: [String: Cascade] = [:]
    /// The deepest run in a cascade of runs that start one another (`cascade_depth`).
    private let cascadeLimit: Int
    private var schedule: Schedule<TriggerKey>
    private var eventTriggers = EventTriggers<TriggerKey>()
    private var directory = SubscriberDirectory()

    /// The command each run is running, with a number of its own: cancelled when the run ends
    /// (stopped, replaced or failed) or runs its next command, so that a stopped run stops its
    /// command too.
    private var runningCommands: [TaskId: (number: Int, task: Task<Void, Never>)] = [:]
    private var nextCommand = 0

    private var outbox = Outbox()
    private var sequence = 0
    private var storedSequence = 0
    /// Requests waiting for their change to be stored, by a number of their own.
    private var storeWaiters: [Int: StoreWaiter] = [:]
    private var nextWaiter = 0
    /// How long a request waits for its change to be stored before it is told it is not.
    private let saveTimeout: Duration
    /// Set while saves fail, cleared by the next save that succeeds.
    private var saveFailure: SaveFailure?
    /// Whether the flush loop was told to finish: it then stops retrying a failing save after
    /// `saveTimeout`, so that the core can stop.
    private var finishingFlushes = false
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// A request waiting until everything handled before it is stored.
    private struct StoreWaiter {
        /// The change it waits for.
        var sequence: Int
        var continuation: CheckedContinuation<StoreWait, Never>
        /// Ends the wait when `saveTimeout` passes.
        var timer: Task<Void, Never>
    }

    /// `saveTimeout` bounds how long `start`, `stop` and `waitUntilStored` wait for a change to
    /// be stored while saves fail. `cascadeLimit` is the deepest run started in a cascade of
    /// runs that start one another.
    public init(
        store: any TaskStore, bus: MessageBus, clock: any CoreClock, timeZone: TimeZone, metrics: CoreMetrics,
        commandRunner: any CommandRunner, logger: Logger, saveTimeout: Duration = .seconds(10), cascadeLimit: Int = Cascade.defaultLimit
    ) {
        self.cascadeLimit = cascadeLimit
        self.store = store
        self.bus = bus
        self.clock = clock
        self.metrics = metrics
        self.commandRunner = commandRunner
        self.logger = logger
        self.saveTimeout = saveTimeout
        schedule = Schedule(timeZone: timeZone)
        (wakeups, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: - Start

    /// Takes the workflows and the subscribers, registers the triggers with their last fires (so
    /// fires missed while the core was down follow the missed-fire policy), and resumes every
    /// run that had not finished, each in its step.
    public func load(workflows: [Versioned<Workflow>], subscribers: SubscriberDirectory) async throws {
        directory = subscribers
        let lastFires = try await store.lastFires()
        let now = clock.now()
        for workflow in workflows { register(workflow.definition, version: workflow.version, lastFires: lastFires, now: now) }
        for snapshot in try await store.runningTasks() {
            do {
                let task = try RunningTask(snapshot: snapshot)
                tasks[task.id] = task
                runs[task.workflow.id, default: WorkflowRuns(policy: task.workflow.onSurpass)].started(task.id)
                logger.info("resuming run", metadata: metadata(task, step: task.currentStep?.name))
                for case .runCommand(let command, let step) in task.resumeCommands() {
                    outbox.effects.append(.runCommand(task: task.id, command: command, step: step))
                }
            } catch {
                logger.error("cannot resume a stored run: \(error)")
            }
        }
        changed()
    }

    private func register(_ workflow: Workflow, version: Int, lastFires: [String: Date], now: Date) {
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

    /// Adds or replaces a workflow; its triggers apply at once. Runs already going keep the
    /// version they started with.
    public func define(_ workflow: Workflow, version: Int) {
        register(workflow, version: version, lastFires: [:], now: clock.now())
        logger.info("workflow defined", metadata: ["workflow": "\(workflow.id)", "version": "\(version)"])
    }

    /// Removes a workflow and its triggers; runs already going finish.
    public func remove(_ id: String) {
        guard let entry = workflows.removeValue(forKey: id) else { return }
        for index in entry.workflow.triggers.indices {
            let key = TriggerKey(workflowId: id, index: index)
            schedule.unregister(key)
            eventTriggers.unregister(key)
        }
        logger.info("workflow removed", metadata: ["workflow": "\(id)"])
    }

    // MARK: - Inputs

    /// Starts a run of workflow `id` (or queues or skips it, by its surpass policy) and returns
    /// once that is stored. `reason` says who asked, for the log. Throws `StartRefusal.notStored`
    /// when the start is not stored within the save timeout: the run goes on, and is stored
    /// once saves succeed again.
    public func start(_ id: String, reason: String) async throws(StartRefusal) -> RunStart {
        guard let entry = workflows[id] else { throw .unknownWorkflow(UnknownWorkflow(id: id)) }
        let result = startRun(entry, reason: reason, now: clock.now())
        changed()
        do {
            try await waitUntilStored()
        } catch {
            let run = result.taskId.map { "the run \($0) started but " } ?? "the request "
            throw .notStored(StoreUnavailable(run + "is not stored yet: \(error.reason)"))
        }
        return result
    }

    /// Stops a running task; false when no run has that id. Pending subscribers get `action_abort`.
    /// Throws when the stop is not stored within the save timeout (the run is stopped, and
    /// stored so once saves succeed again).
    public func stop(_ taskId: TaskId, reason: String) async throws(StoreUnavailable) -> Bool {
        guard tasks[taskId] != nil else { return false }
        feed(taskId, .stop(reason: reason), now: clock.now())
        changed()
        try await waitUntilStored()
        return true
    }

    /// Takes a message from the bus: an actor's answer goes to its run; an event goes to every
    /// run (a step may wait for it) and starts the workflows it triggers.
    public func receive(_ message: Message) {
        let now = clock.now()
        switch message {
        case .event(let event):
            take(event, from: nil, now: now)
        case .actionDone(let action), .actionError(let action, _):
            guard let task = tasks[action.task] else { return }
            let roundTrip = Self.roundTrip(of: action, in: task, at: now)
            feed(action.task, .message(message), now: now)
            if let roundTrip { metrics.actionAnswered(messageType: roundTrip.messageType, seconds: roundTrip.seconds) }
        case .actionInfo(let action, _, _), .actionProgress(let action, _, _):
            feed(action.task, .message(message), now: now)
        case .action, .actionAbort:
            return
        }
        changed()
    }

    /// The round trip of an answer the run's current step waits for: the step's own message type
    /// (never one an actor made up, so the metric's labels are those of steps that exist) and
    /// the seconds since the step began; nil for an answer the step does not wait for.
    private static func roundTrip(of answer: ActionMessage, in task: RunningTask, at now: Date) -> (messageType: String, seconds: Double)? {
        guard let subscriberId = answer.subscriberId, task.waitingFor.contains(subscriberId), let step = task.currentStep,
            step.name == answer.step, case .performAction(let messageType) = step.action, messageType == answer.messageType,
            let began = task.currentStepIndex.flatMap({ task.steps[$0].startedAt })
        else { return nil }
        return (messageType, now.timeIntervalSince(began))
    }

    /// Takes an event a run published: the other runs may wait for it, and it starts the
    /// workflows it triggers, except the publishing run's own workflow, so that a workflow
    /// triggered by its own kind of event (a job on `task_end`) does not start itself again and again.
    public func receive(_ event: Event, publishedBy origin: EventOrigin) {
        take(event, from: origin, now: clock.now())
        changed()
    }

    /// Hands `event` to every run but `origin`'s (a step may wait for it) and starts the
    /// workflows it triggers but `origin`'s. The runs it starts take the event's cascade: the
    /// origin's for an event the core published, else what the event's data says (a client's
    /// event without one starts runs at depth 0).
    private func take(_ event: Event, from origin: EventOrigin?, now: Date) {
        for id in Array(tasks.keys) where id != origin?.task { feed(id, .message(.event(event)), now: now) }
        startWorkflows(triggeredBy: event, cascade: origin?.cascade ?? Cascade(of: event), now: now, except: origin?.workflow)
    }

    /// Starts the workflows `event` triggers, but `excluded`, each continuing `cascade` unless
    /// that is deeper than the limit.
    private func startWorkflows(triggeredBy event: Event, cascade: Cascade, now: Date, except excluded: String?) {
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
        for entry in triggered where cut(entry.workflow.id, cascade: cascade) == nil {
            _ = startRun(entry, reason: "event \(event.messageType)", cascade: cascade, now: now)
        }
    }

    /// Starts a run of workflow `id` for the command of a run (`workflows run ID`) and returns
    /// once that is stored. The new run continues `cascade`, the commanding run's
    /// `eventCascade`; it is not started, and a `CascadeCut` thrown, when that is too deep.
    func start(_ id: String, continuing cascade: Cascade, reason: String) async throws -> RunStart {
        guard let entry = workflows[id] else { throw UnknownWorkflow(id: id) }
        if let cut = cut(id, cascade: cascade) {
            changed()
            throw cut
        }
        let result = startRun(entry, reason: reason, cascade: cascade, now: clock.now())
        changed()
        try await waitUntilStored()
        return result
    }

    /// The cut of a run of `workflowId` with `cascade`, when that is deeper than the limit; nil
    /// when the run may start. A cut is logged with its chain, and the first one past the limit
    /// is announced by an `error` event (`CascadeCut.notice`); deeper ones only come from events
    /// that carry a cut chain already (the notice itself, or a client's), and are logged alone.
    private func cut(_ workflowId: String, cascade: Cascade) -> CascadeCut? {
        guard !cascade.isWithin(cascadeLimit) else { return nil }
        let cut = CascadeCut(workflow: workflowId, cascade: cascade, limit: cascadeLimit)
        let metadata: Logger.Metadata = ["workflow": "\(workflowId)", "cascade": "\(cascade)"]
        guard cascade.depth == cascadeLimit + 1 else {
            logger.info("\(cut)", metadata: metadata)
            return cut
        }
        logger.warning("\(cut)", metadata: metadata)
        let notice = cut.notice
        outbox.effects.append(.publish(.event(notice), origin: EventOrigin(core: Cascade(of: notice))))
        return cut
    }

    /// The workflow an event `start_<id>_workflow` starts, which every workflow answers to.
    static func workflowId(startedBy messageType: String) -> String? {
        guard messageType.hasPrefix("start_"), messageType.hasSuffix("_workflow"), messageType.count > 15 else { return nil }
        return String(messageType.dropFirst(6).dropLast(9))
    }

    /// The clock moved on: steps past their deadline time out, due cron triggers start runs.
    public func tick() {
        let now = clock.now()
        for key in schedule.due(at: now) {
            outbox.fires[key.description] = now
            guard let entry = workflows[key.workflowId] else { continue }
            _ = startRun(entry, reason: "schedule", now: now)
        }
        for (id, task) in tasks where task.deadline.map({ $0 <= now }) == true {
            feed(id, .tick, now: now)
        }
        changed()
    }

    /// The subscribers changed: steps that begin from now on see `subscribers`, and running steps
    /// stop waiting for the subscriptions in `removed` (a message type, or all when nil).
    public func subscribersChanged(_ subscribers: SubscriberDirectory, removed: [(SubscriberId, messageType: String?)]) {
        directory = subscribers
        let now = clock.now()
        for (subscriberId, messageType) in removed {
            for id in Array(tasks.keys) { feed(id, .subscriberRemoved(subscriberId, messageType: messageType), now: now) }
        }
        changed()
    }

    /// Adds notes to a running task's log, in its current step (what a merge stored, say);
    /// nothing happens when no run has that id.
    public func note(_ messages: [String], in taskId: TaskId) {
        guard let task = tasks[taskId] else { return }
        let now = clock.now()
        for message in messages {
            let entry = TaskLogEntry(at: now, level: .info, step: task.currentStep?.name, message: message)
            outbox.log.append((taskId, entry))
            log(entry, of: task)
        }
        changed()
    }

    /// Command `number` of a run has ended: it is no longer the run's running command.
    private func commandEnded(_ taskId: TaskId, number: Int, step: String, result: CommandResult) {
        if runningCommands[taskId]?.number == number { runningCommands[taskId] = nil }
        commandFinished(taskId, step: step, result: result)
    }

    /// The command of an `execute_command` step has finished.
    public func commandFinished(_ taskId: TaskId, step: String, result: CommandResult) {
        feed(taskId, .commandFinished(step: step, result: result), now: clock.now())
        changed()
    }

    // MARK: - Runs

    /// Starts a run of `entry`, or queues or skips it by the workflow's surpass policy; the run
    /// (queued or not) has `cascade`.
    private func startRun(_ entry: WorkflowEntry, reason: String, cascade: Cascade = Cascade(), now: Date) -> RunStart {
        let workflow = entry.workflow
        var workflowRuns = runs[workflow.id] ?? WorkflowRuns(policy: workflow.onSurpass)
        if workflowRuns.policy != workflow.onSurpass, workflowRuns.active.isEmpty, !workflowRuns.hasQueuedRun {
            workflowRuns = WorkflowRuns(policy: workflow.onSurpass)
        }
        let decision = workflowRuns.trigger()
        runs[workflow.id] = workflowRuns
        switch decision {
        case .skip:
            logger.info("run not started: one is active (\(workflow.onSurpass.rawValue))", metadata: ["workflow": "\(workflow.id)", "trigger": "\(reason)"])
            return .skipped
        case .queue:
            logger.info("run queued until the active one ends", metadata: ["workflow": "\(workflow.id)", "trigger": "\(reason)"])
            queuedCascades[workflow.id] = cascade
            return .queued
        case .replace(let stopping):
            for id in stopping { feed(id, .stop(reason: "replaced by a new run"), now: now) }
        case .start:
            break
        }
        let id = UUID().uuidString.lowercased()
        tasks[id] = RunningTask(
            id: id, workflow: Placeholders.fill(workflow, taskId: id, now: now), workflowVersion: entry.version, createdAt: now,
            cascade: cascade)
        runs[workflow.id]?.started(id)
        metrics.runStarted(workflow: workflow.id)
        logger.info("run started", metadata: ["task": "\(id)", "workflow": "\(workflow.id)", "trigger": "\(reason)"])
        feed(id, .start, now: now)
        return .started(id)
    }

    /// Hands one input to a run and takes in what it returns.
    private func feed(_ id: TaskId, _ input: TaskInput, now: Date) {
        let before = tasks[id]?.currentStepIndex ?? 0
        guard let workflowId = tasks[id]?.workflow.id, let cascade = tasks[id]?.eventCascade,
            let commands = tasks[id]?.handle(input, at: now, subscribers: directory)
        else { return }
        if let task = tasks[id] { recordEndedSteps(of: task, since: before) }
        for command in commands {
            switch command {
            case .persist:
                outbox.changed.insert(id)
            case .publish(let message):
                outbox.effects.append(.publish(message, origin: EventOrigin(task: id, workflow: workflowId, cascade: cascade)))
            case .runCommand(let command, let step):
                outbox.effects.append(.runCommand(task: id, command: command, step: step))
            case .log(let entry):
                outbox.log.append((id, entry))
                if let task = tasks[id] { log(entry, of: task) }
            case .finish(let outcome):
                finish(id, outcome, now: now)
            }
        }
    }

    private func finish(_ id: TaskId, _ outcome: TaskOutcome, now: Date) {
        guard let task = tasks.removeValue(forKey: id) else { return }
        runningCommands.removeValue(forKey: id)?.task.cancel()
        outbox.changed.remove(id)
        let entry = HistoryEntry(
            taskId: id, workflowId: task.workflow.id, workflowVersion: task.workflowVersion,
            startedAt: task.startedAt ?? task.createdAt, finishedAt: now, outcome: outcome, errors: task.errorCount,
            steps: task.steps)
        outbox.finished.append(entry)
        finishing[id] = entry
        let outcomeName: String
        switch outcome {
        case .success: outcomeName = "success"
        case .failure: outcomeName = "failure"
        case .stopped: outcomeName = "stopped"
        }
        metrics.runFinished(workflow: task.workflow.id, outcome: outcomeName)
        logger.info("run finished: \(Self.describe(outcome))", metadata: metadata(task, step: nil))
        if runs[task.workflow.id]?.ended(id) == true, let entry = workflows[task.workflow.id] {
            let cascade = queuedCascades.removeValue(forKey: task.workflow.id) ?? Cascade()
            _ = startRun(entry, reason: "queued while \(id) ran", cascade: cascade, now: now)
        }
    }

    /// Records the duration of every step that ended since the run was at step `index`.
    private func recordEndedSteps(of task: RunningTask, since index: Int) {
        let end = task.currentStepIndex ?? task.steps.count
        for step in task.steps[index..<max(index, end)] {
            if let began = step.startedAt, let ended = step.endedAt {
                metrics.stepEnded(workflow: task.workflow.id, step: step.name, seconds: ended.timeIntervalSince(began))
            }
        }
    }

    private func log(_ entry: TaskLogEntry, of task: RunningTask) {
        var metadata = metadata(task, step: entry.step)
        if let subscriber = entry.subscriberId { metadata["subscriber"] = "\(subscriber)" }
        logger.log(level: entry.level == .error ? .warning : .info, "\(entry.message)", metadata: metadata)
    }

    private func metadata(_ task: RunningTask, step: String?) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["task": "\(task.id)", "workflow": "\(task.workflow.id)"]
        if let step { metadata["step"] = "\(step)" }
        return metadata
    }

    static func describe(_ outcome: TaskOutcome) -> String {
        switch outcome {
        case .success: return "success"
        case .failure(let reason): return "failed: \(reason)"
        case .stopped(let reason): return "stopped: \(reason)"
        }
    }

    // MARK: - Storing, then publishing

    /// Marks the outbox as holding new changes and wakes the flush loop.
    private func changed() {
        guard !outbox.isEmpty else { return }
        sequence += 1
        outbox.sequence = sequence
        wake.yield()
    }

    /// Returns once everything handled so far is stored; throws when that takes longer than the
    /// save timeout (saves fail, or the database does not answer), or when the waiting task is
    /// cancelled. Either way the wait leaves nothing behind.
    func waitUntilStored() async throws(StoreUnavailable) {
        let target = sequence
        guard storedSequence < target else { return }
        guard !Task.isCancelled else { throw StoreUnavailable("the request was cancelled before its change was stored") }
        let id = nextWaiter
        nextWaiter += 1
        let timeout = saveTimeout
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let timer = Task { [weak self] in
                    do {
                        try await Task.sleep(for: timeout)
                    } catch {
                        return
                    }
                    await self?.endWait(id, .timedOut)
                }
                storeWaiters[id] = StoreWaiter(sequence: target, continuation: continuation, timer: timer)
            }
        } onCancel: {
            Task { [weak self] in await self?.endWait(id, .cancelled) }
        }
        switch outcome {
        case .stored:
            return
        case .timedOut:
            let cause = saveFailure?.describe(at: Date()) ?? "the database has not answered"
            throw StoreUnavailable("not stored within \(Self.describe(seconds: saveTimeoutSeconds)) s (--save-timeout): \(cause)")
        case .cancelled:
            throw StoreUnavailable("the request was cancelled before its change was stored")
        }
    }

    /// Ends one wait, if it has not ended yet.
    private func endWait(_ id: Int, _ outcome: StoreWait) {
        guard let waiter = storeWaiters.removeValue(forKey: id) else { return }
        waiter.timer.cancel()
        waiter.continuation.resume(returning: outcome)
    }

    /// The save timeout in seconds.
    private var saveTimeoutSeconds: Double {
        let (seconds, attoseconds) = saveTimeout.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Seconds for a message: whole when they are, else with one decimal.
    private static func describe(seconds: Double) -> String {
        seconds.rounded() == seconds ? "\(Int(seconds))" : String(format: "%.1f", seconds)
    }

    /// Why the core is not ready, while saves of the runs' state fail; nil when they succeed.
    public func storageProblem() -> String? {
        saveFailure?.describe(at: Date())
    }

    /// Stores and then executes the outbox whenever it fills, until `finishFlushing` is called;
    /// then flushes what is left, stops the running commands and returns. When the task is
    /// cancelled, it returns at once, however saves fare.
    public func runFlushLoop() async {
        for await _ in wakeups { await flush() }
        finishingFlushes = true
        await flush()
        stopCommands()
    }

    /// Stops every running command, once the last flush is done as the core stops: their runs
    /// are stored in the step that runs them, which runs its command again when the core starts
    /// again, so none may go on meanwhile.
    private func stopCommands() {
        for command in runningCommands.values { command.task.cancel() }
        runningCommands = [:]
    }

    /// Ends the flush loop after its last flush.
    public nonisolated func finishFlushing() {
        wake.finish()
    }

    private func flush() async {
        var failures = 0
        while !outbox.isEmpty {
            let batch = outbox
            outbox = Outbox()
            var changes = TaskChanges()
            changes.running = batch.changed.compactMap { tasks[$0]?.snapshot }
            changes.finished = batch.finished
            changes.log = batch.log
            changes.fires = batch.fires
            do {
                try await store.save(changes)
            } catch {
                failures += 1
                let now = Date()
                if saveFailure == nil { saveFailure = SaveFailure(error, at: now) } else { saveFailure?.record(error, at: now) }
                logger.error("could not store the state of the runs (attempt \(failures)): \(error)")
                outbox = batch.followed(by: outbox)
                if finishingFlushes, let failure = saveFailure, now.timeIntervalSince(failure.since) >= saveTimeoutSeconds {
                    logger.critical("stopping with changes of the runs that could not be stored: \(failure.describe(at: now))")
                    return
                }
                do {
                    try await Task.sleep(for: .milliseconds(min(5000, 100 * failures)))
                } catch {
                    return
                }
                continue
            }
            failures = 0
            if saveFailure != nil {
                logger.notice("the state of the runs is stored again")
                saveFailure = nil
            }
            for entry in batch.finished { finishing[entry.taskId] = nil }
            storedSequence = max(storedSequence, batch.sequence)
            for (id, waiter) in storeWaiters where waiter.sequence <= storedSequence { endWait(id, .stored) }
            await execute(batch.effects)
        }
    }

    private func execute(_ effects: [Outbox.Effect]) async {
        var messages: [Message] = []
        var published: [(Event, EventOrigin)] = []
        for effect in effects {
            switch effect {
            case .publish(let message, let origin):
                messages.append(message)
                if case .event(let event) = message { published.append((event, origin)) }
            case .runCommand(let taskId, let command, let step):
                guard let task = tasks[taskId] else { continue }
                let timeout = task.workflow.steps.first { $0.name == step }?.timeout ?? Step.defaultTimeout
                let context = CommandContext(
                    taskId: taskId, workflow: task.workflow, timeout: timeout, cascade: task.eventCascade, taskHandler: self)
                let runner = commandRunner
                let number = nextCommand
                nextCommand += 1
                runningCommands[taskId]?.task.cancel()
                runningCommands[taskId] = (
                    number,
                    Task {
                        let result = await runner.run(command, in: context)
                        self.commandEnded(taskId, number: number, step: step, result: result)
                    }
                )
            }
        }
        if !messages.isEmpty { await bus.publish(messages) }
        for (event, origin) in published { receive(event, publishedBy: origin) }
    }

    // MARK: - Queries

    /// The actions `subscriberId` still owes running tasks, to send when it connects.
    public func pendingActions(for subscriberId: SubscriberId) -> [Message] {
        tasks.values.sorted { $0.createdAt < $1.createdAt }.compactMap { $0.pendingAction(for: subscriberId) }
    }

    /// Every running task, oldest first.
    public func runningTasks() -> [RunningTask] {
        tasks.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// One running task.
    public func task(_ id: TaskId) -> RunningTask? {
        tasks[id]
    }

    /// One run, running or finished; nil when no run has this id. A run that has just finished
    /// is found even before its history entry is stored.
    public func run(_ id: TaskId) async throws -> RunLookup? {
        if let task = tasks[id] { return .running(task) }
        if let entry = finishing[id] { return .finished(entry) }
        return try await store.historyEntry(id).map(RunLookup.finished)
    }

    /// Every workflow with the version of its definition, by id.
    public func allWorkflows() -> [(workflow: Workflow, version: Int)] {
        workflows.values.sorted { $0.workflow.id < $1.workflow.id }.map { ($0.workflow, $0.version) }
    }

    /// One workflow with the version of its definition.
    public func workflow(_ id: String) -> (workflow: Workflow, version: Int)? {
        workflows[id].map { ($0.workflow, $0.version) }
    }

    /// When the workflow's cron triggers fire next, if it has any.
    public func nextScheduledRun(of id: String) -> Date? {
        guard let workflow = workflows[id]?.workflow else { return nil }
        let now = clock.now()
        return workflow.triggers.compactMap { trigger -> Date? in
            guard case .cron(let expression) = trigger else { return nil }
            return expression.nextFire(after: now, in: schedule.timeZone)
        }.min()
    }
}
