import Foundation
import Logging
import RotaEngine
import RotaModel
import RotaStore

/// The core's one ingress: the I/O around `CoreMachine`. Sockets, routes, the schedule and the
/// commands of runs hand their inputs here; the handler feeds them to the machine and carries out
/// the actions it answers with, in order: it stores batches (one at a time, in `runFlushLoop`),
/// publishes on the bus only what the machine says to publish, runs commands (in
/// `runCommandLoop`'s task group, whose results come back as inputs), writes logs and metrics,
/// and lets requests that wait for their change to be stored go on.
public actor TaskHandler: CoreInbox {
    private var machine: CoreMachine
    private let store: any TaskStore
    private let bus: MessageBus
    private let clock: any CoreClock
    private let metrics: CoreMetrics
    private let commandRunner: any CommandRunner
    private let logger: Logger
    /// Traces runs from the messages published and stamps actions with their trace context; nil
    /// when the core exports no traces.
    private let tracer: RunTracer?

    /// The batch the machine asked to store next.
    private var batchToStore: StoreBatch?
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// The number of the last input stored.
    private var storedSequence = 0
    /// The number of the last input that changed something to store.
    private var handledSequence = 0
    /// Requests waiting for their change to be stored, by a number of their own.
    private var storeWaiters: [Int: StoreWaiter] = [:]
    private var nextWaiter = 0
    /// How long a request waits for its change to be stored before it is told it is not.
    private let saveTimeout: Duration
    /// Set while saves fail, cleared by the next save that succeeds.
    private var saveFailure: SaveFailure?
    /// Whether the flush loop was told to finish.
    private var finishingFlushes = false
    /// A fault injected for crash tests, if any.
    private let crashAfterCommit: CrashAfterCommit?

    /// Commands to run, each with the stream that ends when it must stop.
    private let commandOrders: AsyncStream<(CommandOrder, AsyncStream<Void>)>
    private let commandOrdering: AsyncStream<(CommandOrder, AsyncStream<Void>)>.Continuation
    /// Ends the stop stream of each running command, by run.
    private var commandStoppers: [TaskId: (number: Int, stop: AsyncStream<Void>.Continuation)] = [:]

    /// A request waiting until everything handled before it is stored.
    private struct StoreWaiter {
        var sequence: Int
        var continuation: CheckedContinuation<StoreWait, Never>
    }

    /// `saveTimeout` bounds how long `start`, `stop` and `waitUntilStored` wait for a change to
    /// be stored while saves fail. `cascadeLimit` is the deepest run started in a cascade of
    /// runs that start one another. `crashAfterCommit` is a fault for crash tests. `tracer`, when
    /// given, sees every message published and every log line written.
    public init(
        store: any TaskStore, bus: MessageBus, clock: any CoreClock, timeZone: TimeZone, metrics: CoreMetrics,
        commandRunner: any CommandRunner, logger: Logger, saveTimeout: Duration = .seconds(10), cascadeLimit: Int = Cascade.defaultLimit,
        crashAfterCommit: CrashAfterCommit? = nil, tracer: RunTracer? = nil
    ) {
        machine = CoreMachine(timeZone: timeZone, cascadeLimit: cascadeLimit)
        self.crashAfterCommit = crashAfterCommit
        self.store = store
        self.bus = bus
        self.clock = clock
        self.metrics = metrics
        self.commandRunner = commandRunner
        self.logger = logger
        self.tracer = tracer
        self.saveTimeout = saveTimeout
        (wakeups, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (commandOrders, commandOrdering) = AsyncStream.makeStream()
    }

    // MARK: - Inputs

    /// Feeds one input to the machine and carries out its actions; returns its transition.
    @discardableResult
    private func apply(_ input: CoreInput) async -> CoreTransition {
        let transition = machine.handle(input, at: clock.now())
        if let storedBy = transition.storedBy { handledSequence = max(handledSequence, storedBy) }
        for action in transition.actions { await carryOut(action) }
        return transition
    }

    /// Takes the workflows and the subscribers and what the store holds: registers the triggers
    /// with their last fires (so fires missed while the core was down follow the missed-fire
    /// policy), resumes every run that had not finished, keeps the queued runs, and publishes
    /// the messages stored but not yet published when the core last stopped.
    public func load(workflows: [Versioned<Workflow>], subscribers: SubscriberDirectory) async throws {
        let restore = CoreRestore(
            workflows: workflows, subscribers: subscribers, running: try await store.runningTasks(), queued: try await store.queuedRuns(),
            unpublished: try await store.unpublishedMessages(), lastFires: try await store.lastFires())
        if !restore.unpublished.isEmpty {
            logger.notice("publishing \(restore.unpublished.count) messages stored before the core last stopped")
        }
        await apply(.restore(restore))
    }

    /// Adds or replaces a workflow; its triggers apply at once. Runs already going keep the
    /// version they started with.
    public func define(_ workflow: Workflow, version: Int) async {
        await apply(.define(workflow, version: version))
    }

    /// Removes a workflow and its triggers; runs already going finish.
    public func remove(_ id: String) async {
        await apply(.remove(workflow: id))
    }

    /// Starts a run of workflow `id` (or queues or skips it, by its surpass policy) and returns
    /// once that is stored. `reason` says who asked, for the log; `input` is what the run starts
    /// with. Throws `StartRefusal.invalidInput` when the input does not suit the workflow, and
    /// `StartRefusal.notStored` when the start is not stored within the save timeout: the run
    /// goes on, and is stored once saves succeed again.
    public func start(_ id: String, reason: String, input: [String: JSONValue] = [:]) async throws(StartRefusal) -> RunStart {
        let transition = await apply(.start(workflow: id, reason: reason, cascade: nil, input: input))
        guard case .start(let outcome) = transition.reply else { throw .unknownWorkflow(UnknownWorkflow(id: id)) }
        let result: RunStart
        switch outcome {
        case .success(let start): result = start
        case .failure(.unknownWorkflow(let unknown)): throw .unknownWorkflow(unknown)
        case .failure(.cut): throw .unknownWorkflow(UnknownWorkflow(id: id))
        case .failure(.invalidInput(let problems)): throw .invalidInput(problems)
        }
        do {
            try await waitUntilStored(transition.storedBy)
        } catch {
            let run = result.taskId.map { "the run \($0) started but " } ?? "the request "
            throw .notStored(StoreUnavailable(run + "is not stored yet: \(error.reason)"))
        }
        return result
    }

    /// Starts a run of workflow `id` for the command of a run (`workflows run ID`) and returns
    /// once that is stored. The new run continues `cascade`, the commanding run's event cascade;
    /// it is not started, and a `CascadeCut` thrown, when that is too deep.
    public func start(_ id: String, continuing cascade: Cascade, reason: String) async throws -> RunStart {
        let transition = await apply(.start(workflow: id, reason: reason, cascade: cascade))
        guard case .start(let outcome) = transition.reply else { throw UnknownWorkflow(id: id) }
        switch outcome {
        case .success(let start):
            try await waitUntilStored(transition.storedBy)
            return start
        case .failure(.unknownWorkflow(let unknown)): throw unknown
        case .failure(.cut(let cut)): throw cut
        case .failure(.invalidInput(let problems)): throw StartRefusal.invalidInput(problems)
        }
    }

    /// Stops a run, running or queued; false when no such run has that id. Pending subscribers
    /// get `action_abort`. Throws when the stop is not stored within the save timeout (the run is
    /// stopped, and stored so once saves succeed again).
    public func stop(_ taskId: TaskId, reason: String) async throws(StoreUnavailable) -> Bool {
        let transition = await apply(.stop(taskId, reason: reason))
        guard case .stop(true) = transition.reply else { return false }
        try await waitUntilStored(transition.storedBy)
        return true
    }

    /// Takes a message from `origin`: an actor's answer goes to its run; an event goes to the runs
    /// that wait for it and starts the workflows it triggers; an announcement is published.
    public func receive(_ message: Message, from origin: MessageOrigin) async {
        await apply(.message(message, from: origin))
    }

    /// The clock moved on: steps past their deadline time out, due cron triggers start runs.
    public func tick() async {
        await apply(.tick)
    }

    /// The subscribers changed: steps that begin from now on see `subscribers`, and running steps
    /// stop waiting for the subscriptions in `removed` (a message type, or all when nil).
    public func subscribersChanged(_ subscribers: SubscriberDirectory, removed: [(SubscriberId, messageType: String?)]) async {
        await apply(.subscribersChanged(subscribers, removed: removed.map { SubscriptionRemoval(subscriber: $0.0, messageType: $0.messageType) }))
    }

    /// Adds notes to a running task's log, in its current step (what a merge stored, say);
    /// nothing happens when no run has that id.
    public func note(_ messages: [String], in taskId: TaskId) async {
        await apply(.note(messages, task: taskId))
    }

    // MARK: - Actions

    private func carryOut(_ action: CoreAction) async {
        switch action {
        case .store(let batch):
            batchToStore = batch
            wake.yield()
        case .publish(let messages):
            await bus.publish(tracer?.trace(messages) ?? messages)
        case .runCommand(let order):
            let (stop, stopper) = AsyncStream<Void>.makeStream()
            commandStoppers.removeValue(forKey: order.task)?.stop.finish()
            commandStoppers[order.task] = (order.number, stopper)
            commandOrdering.yield((order, stop))
        case .cancelCommand(let id):
            commandStoppers.removeValue(forKey: id)?.stop.finish()
        case .resume(let sequence):
            storedSequence = max(storedSequence, sequence)
            for (id, waiter) in storeWaiters where waiter.sequence <= storedSequence { endWait(id, .stored) }
        case .log(let line):
            logger.log(level: line.level, "\(line.message)", metadata: (tracer?.metadata(of: line) ?? line.metadata).mapValues { .string($0) })
        case .metric(let event):
            switch event {
            case .runStarted(let workflow): metrics.runStarted(workflow: workflow)
            case .runFinished(let workflow, let outcome): metrics.runFinished(workflow: workflow, outcome: outcome)
            case .stepEnded(let workflow, let step, let seconds): metrics.stepEnded(workflow: workflow, step: step, seconds: seconds)
            case .actionAnswered(let messageType, let seconds): metrics.actionAnswered(messageType: messageType, seconds: seconds)
            }
        }
    }

    // MARK: - Storing

    /// Returns once everything handled so far is stored; throws when that takes longer than the
    /// save timeout (saves fail, or the database does not answer), or when the waiting task is
    /// cancelled. Either way the wait leaves nothing behind.
    func waitUntilStored() async throws(StoreUnavailable) {
        try await waitUntilStored(handledSequence)
    }

    /// Returns once the inputs up to `sequence` are stored (at once for nil).
    private func waitUntilStored(_ sequence: Int?) async throws(StoreUnavailable) {
        guard let sequence, storedSequence < sequence else { return }
        guard !Task.isCancelled else { throw StoreUnavailable("the request was cancelled before its change was stored") }
        let id = nextWaiter
        nextWaiter += 1
        let timeout = saveTimeout
        let outcome = await withTaskGroup(of: StoreWait?.self) { group in
            group.addTask {
                do {
                    try await Task.pause(for: timeout)
                    return .timedOut
                } catch {
                    return nil
                }
            }
            group.addTask { await self.waitForStore(id, sequence: sequence) }
            var outcome = StoreWait.cancelled
            while let next = await group.next() {
                guard let next else { continue }
                outcome = next
                break
            }
            group.cancelAll()
            await self.endWait(id, outcome)
            return outcome
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

    /// Waits as waiter `id` until the inputs up to `sequence` are stored, or the wait ends.
    private func waitForStore(_ id: Int, sequence: Int) async -> StoreWait {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard !Task.isCancelled, storedSequence < sequence else {
                    continuation.resume(returning: storedSequence >= sequence ? .stored : .cancelled)
                    return
                }
                storeWaiters[id] = StoreWaiter(sequence: sequence, continuation: continuation)
            }
        } onCancel: {
            Task { await self.endWait(id, .cancelled) }
        }
    }

    /// Ends one wait, if it has not ended yet.
    private func endWait(_ id: Int, _ outcome: StoreWait) {
        storeWaiters.removeValue(forKey: id)?.continuation.resume(returning: outcome)
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

    /// Runs the flush loop and the commands until the core stops: see `runFlushLoop` and
    /// `runCommandLoop`.
    public func run() async {
        async let commands: Void = runCommandLoop()
        await runFlushLoop()
        commandOrdering.finish()
        await commands
    }

    /// Stores each batch the machine asks for, until `finishFlushing` is called; then stores what
    /// is left (the list of published messages too) and returns. When the task is cancelled, it
    /// returns at once, however saves fare.
    public func runFlushLoop() async {
        for await _ in wakeups {
            guard await storeNextBatch() else { return }
        }
        finishingFlushes = true
        await apply(.finish)
        while batchToStore != nil {
            guard await storeNextBatch() else { return }
        }
    }

    /// Ends the flush loop after its last flush.
    public nonisolated func finishFlushing() {
        wake.finish()
    }

    /// Stores the batch the machine asked for, if any, and tells it how that went; false when the
    /// loop must end (cancelled, or saves keep failing as the core stops).
    private func storeNextBatch() async -> Bool {
        guard let batch = batchToStore else { return true }
        batchToStore = nil
        if let delay = batch.delay {
            do {
                try await Task.pause(for: delay)
            } catch {
                return false
            }
        }
        do {
            try await store.save(batch.changes)
        } catch {
            let now = Date()
            if saveFailure == nil { saveFailure = SaveFailure(error, at: now) } else { saveFailure?.record(error, at: now) }
            logger.error("could not store the state of the runs (attempt \(saveFailure?.attempts ?? 1)): \(error)")
            await apply(.storeFailed(batch: batch.number))
            if finishingFlushes, let failure = saveFailure, now.timeIntervalSince(failure.since) >= saveTimeoutSeconds {
                logger.critical("stopping with changes of the runs that could not be stored: \(failure.describe(at: now))")
                return false
            }
            return !Task.isCancelled
        }
        crashAfterCommit?.check(batch.changes)
        if saveFailure != nil {
            logger.notice("the state of the runs is stored again")
            saveFailure = nil
        }
        await apply(.stored(batch: batch.number))
        return true
    }

    /// Runs each command the machine orders in a child task, until the orders end; a command
    /// whose stop stream ends (its run ended, the core stops) is cancelled, and its result counts
    /// for nothing. A command's result comes back to the machine as an input.
    public func runCommandLoop() async {
        let runner = commandRunner
        await withDiscardingTaskGroup { group in
            for await (order, stop) in commandOrders {
                group.addTask {
                    let context = CommandContext(
                        taskId: order.task, workflow: order.workflow, timeout: order.timeout, cascade: order.cascade, core: self,
                        input: order.input)
                    let result = await withTaskGroup(of: CommandResult?.self) { race in
                        race.addTask { await runner.run(order.command, in: context) }
                        race.addTask {
                            for await _ in stop {}
                            return nil
                        }
                        let first = await race.next() ?? nil
                        race.cancelAll()
                        return first
                    }
                    guard let result else { return }
                    await self.commandEnded(order, result: result)
                }
            }
        }
    }

    /// A command has ended with `result`.
    private func commandEnded(_ order: CommandOrder, result: CommandResult) async {
        if commandStoppers[order.task]?.number == order.number { commandStoppers[order.task] = nil }
        await apply(.commandFinished(order.task, number: order.number, step: order.step, result: result))
    }

    // MARK: - Queries

    /// The actions `subscriberId` still owes running tasks whose state is stored, to send when
    /// it connects.
    public func pendingActions(for subscriberId: SubscriberId) -> [Message] {
        machine.pendingActions(for: subscriberId)
    }

    /// Every running task, oldest first.
    public func runningTasks() -> [RunningTask] {
        machine.runningTasks()
    }

    /// Every run queued behind the active run of its workflow, in the order they start.
    public func queuedRuns() -> [QueuedRun] {
        machine.queuedRuns
    }

    /// One running task.
    public func task(_ id: TaskId) -> RunningTask? {
        machine.task(id)
    }

    /// One run, queued, running or finished; nil when no run has this id. A run that has just
    /// finished is found even before its history entry is stored.
    public func run(_ id: TaskId) async throws -> RunLookup? {
        if let known = machine.lookUp(id) { return known }
        return try await store.historyEntry(id).map(RunLookup.finished)
    }

    /// Every workflow with the version of its definition, by id.
    public func allWorkflows() -> [(workflow: Workflow, version: Int)] {
        machine.allWorkflows()
    }

    /// One workflow with the version of its definition.
    public func workflow(_ id: String) -> (workflow: Workflow, version: Int)? {
        machine.workflow(id)
    }

    /// When the workflow's cron triggers fire next, if it has any.
    public func nextScheduledRun(of id: String) -> Date? {
        machine.nextScheduledRun(of: id, after: clock.now())
    }
}
