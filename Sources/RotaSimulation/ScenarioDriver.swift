import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaStore

/// Plays the world around one `CoreMachine` for one scenario, as the core's shell and its
/// clients would, with every choice drawn from the seed: requests, clients' events, actors that
/// answer late, twice, wrongly or never, disconnects and reconnects, subscriptions that come and
/// go, definitions that change, commands that succeed, fail, emit events and start runs, stores
/// that fail, clock jumps, and crashes at any action boundary followed by a restart from exactly
/// what was stored. Every step checks the invariants that can be checked then; the scenario
/// ends by driving everything to quiescence and checking that every run finished.
final class ScenarioDriver {
    /// How often the core crashes before an action of a transition.
    static let crashBeforeAction = 0.004
    /// The most restarts of one scenario.
    static let mostRestarts = 6
    /// Rounds of the quiescence phase before a run that has not finished breaks the invariant.
    static let quiescenceRounds = 400

    private let seed: UInt64
    private var random: SimulationRandom
    private let timeZone = TimeZone(identifier: "UTC")!
    private let cascadeLimit: Int
    private var now: Date

    private let cast: ScenarioCast
    /// The stored definitions, by workflow id: the catalog stores them before the machine hears.
    private var definitions: [String: Versioned<Workflow>] = [:]
    /// The stored subscriptions.
    private var directory: SubscriberDirectory

    private var machine: CoreMachine
    private var restarts = 0
    private var store = SimulatedStore()
    /// The batch the machine asked to store, not stored yet.
    private var storing: StoreBatch?
    /// The commands running, by run.
    private var commands: [CommandOrder] = []

    private var connected: Set<SubscriberId> = []
    /// The steps (`task/step`) each subscriber has been sent the action of.
    private var sent: [SubscriberId: Set<String>] = [:]
    /// The actions each subscriber has received and not answered, oldest first.
    private var inbox: [SubscriberId: [ActionMessage]] = [:]
    /// Answers given, to give again later.
    private var answers: [(SubscriberId, Message)] = []
    /// Every run id the scenario has heard of, for stop requests.
    private var knownRuns: [TaskId] = []
    /// Runs a request started or queued, with the input number that makes them durable.
    private var unconfirmed: [(sequence: Int, task: TaskId)] = []
    /// Runs the core has told a client it started or queued: each must end in the history.
    private var promised: Set<TaskId> = []

    private var oracle: CronOracle
    /// When each trigger fired in this life of the core, by trigger key.
    private var firedInThisLife: [String: Date] = [:]
    /// The workflows whose cron trigger fired during the input being carried out.
    private var scheduleStarts: [String] = []
    private var crashesAllowed = true
    private var inputs = 0
    private(set) var trace: [String]?

    init(seed: UInt64, tracing: Bool) {
        self.seed = seed
        random = SimulationRandom(seed: seed)
        trace = tracing ? [] : nil
        cast = ScenarioCast(random: &random)
        cascadeLimit = random.int(2...5)
        now = Date(timeIntervalSince1970: 1_780_000_000 + Double(random.int(0...86_400)))
        var subscribed: [Subscriber] = []
        for subscriber in cast.subscribers where random.chance(0.9) { subscribed.append(subscriber) }
        directory = SubscriberDirectory(subscribed)
        for workflow in cast.workflows { definitions[workflow.id] = Versioned(workflow, version: 1) }
        oracle = CronOracle(timeZone: timeZone)
        machine = CoreMachine(timeZone: timeZone, cascadeLimit: cascadeLimit, ids: .seeded(seed))
    }

    /// Runs the scenario; returns its outcome.
    func run() -> SimulationOutcome {
        var violation: InvariantViolation?
        do {
            note("scenario \(seed): workflows \(cast.workflows.map(Self.describe)) subscribers \(cast.subscribers.map(Self.describe))")
            try start(lastFires: [:])
            for _ in 0..<random.int(40...160) {
                try step()
                try checkSettled()
            }
            try quiesce()
        } catch let broken as InvariantViolation {
            violation = broken
            note(broken.description)
        } catch {
            violation = InvariantViolation(.quiescence, "the driver failed: \(error)")
        }
        return SimulationOutcome(
            seed: seed, violation: violation, trace: trace ?? [], inputs: inputs, restarts: restarts, finishedRuns: store.history.count)
    }

    // MARK: - One step of the world

    /// Something happens, drawn from the seed.
    private func step() throws {
        switch random.int(0...99) {
        case 0...11: try requestStart()
        case 12...15: try requestStop()
        case 16...21: try clientEvent()
        case 22...45: try actorAnswers()
        case 46...65: try storeResult(succeeds: random.chance(0.85))
        case 66...73: try commandEnds()
        case 74...85: try advanceClock()
        case 86...90: try connectionChanges()
        case 91...92: try subscriptionChanges()
        case 93...94: try definitionChanges()
        case 95: try feed(.note(["a note"], task: knownRuns.isEmpty ? "none" : random.pick(knownRuns)))
        case 96...98: try crash()
        default: try stopAndStart()
        }
    }

    private func requestStart() throws {
        let workflow = random.chance(0.95) ? random.pick(cast.workflows).id : "missing"
        guard let transition = try feed(.start(workflow: workflow, reason: "request", cascade: nil)) else { return }
        if case .start(.success(let start)) = transition.reply, let task = start.taskId {
            remember(task)
            if let sequence = transition.storedBy { unconfirmed.append((sequence, task)) }
        }
    }

    private func requestStop() throws {
        let task = knownRuns.isEmpty || random.chance(0.05) ? "no-such-run" : random.pick(knownRuns)
        try feed(.stop(task, reason: "request"))
    }

    private func clientEvent() throws {
        let types = ScenarioCast.eventTypes + cast.workflows.map { "start_\($0.id)_workflow" }
        let event = Event(messageType: random.pick(types), data: [:])
        if random.chance(0.8) {
            try feed(.message(.event(event), from: .client))
        } else if let actor = connected.sorted().first {
            try feed(.message(.event(event), from: .actor(actor)))
        }
    }

    /// A connected actor answers one of its actions, now or long after: done, failed, with a
    /// note, twice, for a step it was not asked, or never; or gives an old answer again.
    private func actorAnswers() throws {
        if !answers.isEmpty, random.chance(0.15) {
            let (subscriber, message) = random.pick(answers)
            guard connected.contains(subscriber) else { return }
            try answer(message, as: subscriber)
            return
        }
        let ready = connected.sorted().filter { !(inbox[$0] ?? []).isEmpty }
        guard !ready.isEmpty else { return }
        let subscriber = random.pick(ready)
        let index = random.chance(0.7) ? 0 : random.int(0...inbox[subscriber]!.count - 1)
        let action = inbox[subscriber]!.remove(at: index)
        let reference = ActionMessage(messageType: action.messageType, task: action.task, step: action.step, subscriberId: subscriber)
        switch random.int(0...99) {
        case 0...59:
            try answer(.actionDone(reference), as: subscriber)
        case 60...69:
            try answer(.actionError(reference, error: "it broke"), as: subscriber)
        case 70...79:
            try answer(
                random.chance(0.5)
                    ? .actionInfo(reference, level: random.chance(0.8) ? .info : .error, message: "working")
                    : .actionProgress(reference, progress: .leaf(name: "part", path: [], current: 1, total: 2), at: "2026-06-01T00:00:00Z"),
                as: subscriber)
            inbox[subscriber]!.append(action)
        case 80...87:
            try answer(.actionDone(reference), as: subscriber)
            try answer(.actionDone(reference), as: subscriber)
        case 88...93:
            let wrong = ActionMessage(
                messageType: action.messageType, task: action.task, step: random.chance(0.5) ? "s9" : "s0", subscriberId: subscriber)
            try answer(.actionDone(wrong), as: subscriber)
            if let other = cast.subscribers.map(\.id).filter({ $0 != subscriber && connected.contains($0) }).first {
                let impostor = ActionMessage(messageType: action.messageType, task: action.task, step: action.step, subscriberId: other)
                try answer(.actionDone(impostor), as: other)
            }
        default:
            break
        }
    }

    /// Hands an actor's answer to the machine, and checks that an answer its step was not
    /// waiting for (a duplicate, a late or a wrong one) moved nothing.
    private func answer(_ message: Message, as subscriber: SubscriberId) throws {
        guard let action = message.actionMessage else { return }
        let before = machine.task(action.task)
        let awaited = before.map { $0.waitingFor.contains(subscriber) && $0.currentStep?.name == action.step } ?? false
        if case .actionDone = message { answers.append((subscriber, message)) }
        guard try feed(.message(message, from: .actor(subscriber))) != nil, let before, !awaited, case .actionDone = message else { return }
        let after = machine.task(action.task)
        guard after?.phase != before.phase || after?.waitingFor != before.waitingFor else { return }
        throw InvariantViolation(
            .answerCountsOnce,
            "an action_done of \(subscriber) for \(TraceText.id(action.task))/\(action.step) that its step did not wait for moved the run "
                + "from \(before.phase) waiting for \(before.waitingFor.sorted()) to \(after.map { "\($0.phase)" } ?? "gone") "
                + "waiting for \(after?.waitingFor.sorted() ?? [])")
    }

    /// The store finishes the batch it was given: it succeeds (and the core may crash before it
    /// hears), or fails.
    private func storeResult(succeeds: Bool) throws {
        guard let batch = storing else { return try advanceClock() }
        storing = nil
        guard succeeds else {
            try feed(.storeFailed(batch: batch.number))
            return
        }
        try commit(batch)
        if canCrash, random.chance(0.05) { return try crash() }
        try feed(.stored(batch: batch.number))
    }

    /// Applies a batch to the store, as one transaction.
    private func commit(_ batch: StoreBatch) throws {
        note("  committed #\(batch.number)")
        if let violation = store.apply(batch.changes).first { throw violation }
    }

    /// A running command ends: it succeeds or fails, perhaps after it emitted an event or
    /// started a workflow, and its result may be reported twice.
    private func commandEnds() throws {
        guard !commands.isEmpty else { return try advanceClock() }
        let order = commands.remove(at: random.int(0...commands.count - 1))
        let origin = EventOrigin(task: order.task, workflow: order.workflow.id, cascade: order.cascade)
        if random.chance(0.2) {
            try feed(.message(.event(Event(messageType: random.pick(ScenarioCast.eventTypes))), from: .run(origin)))
        }
        if random.chance(0.1) {
            let transition = try feed(.start(workflow: random.pick(cast.workflows).id, reason: "command", cascade: order.cascade))
            if case .start(.success(let start))? = transition?.reply, let task = start.taskId { remember(task) }
        }
        let result: CommandResult = random.chance(0.8) ? .success(output: "") : .failure("exit 1")
        let input = CoreInput.commandFinished(order.task, number: order.number, step: order.step, result: result)
        try feed(input)
        if random.chance(0.1) {
            let before = machine.task(order.task)?.snapshot
            try feed(input)
            if let before, let after = machine.task(order.task)?.snapshot, before != after {
                throw InvariantViolation(
                    .answerCountsOnce, "the result of command #\(order.number) of \(TaskId(order.task.prefix(8))) counted twice")
            }
        }
    }

    /// The clock moves on (mostly by seconds, sometimes by minutes, rarely by hours), and the
    /// core ticks; the cron triggers that fire must be those the schedule says.
    private func advanceClock() throws {
        switch random.int(0...99) {
        case 0...69: now += Double(random.int(1...30))
        case 70...94: now += Double(random.int(60...1800))
        default: now += Double(random.int(3600...6 * 3600))
        }
        try tick()
    }

    private func tick() throws {
        let due = oracle.due(at: now)
        scheduleStarts = []
        guard try feed(.tick) != nil else { return }
        let expected = Set(due.map { String($0.prefix { $0 != "#" }) })
        let fired = Set(scheduleStarts)
        if scheduleStarts.count != fired.count || fired != expected {
            throw InvariantViolation(
                .cronFires, "at \(now) the schedule fired \(scheduleStarts.sorted()) where the cron expressions say \(expected.sorted())")
        }
        for key in due { firedInThisLife[key] = now }
    }

    /// An actor disconnects, or connects and is sent the actions it owes.
    private func connectionChanges() throws {
        let subscriber = random.pick(cast.subscribers).id
        if connected.contains(subscriber) {
            connected.remove(subscriber)
            note("\(subscriber) disconnects")
        } else {
            connect(subscriber)
        }
    }

    private func connect(_ subscriber: SubscriberId) {
        connected.insert(subscriber)
        let owed = machine.pendingActions(for: subscriber)
        note("\(subscriber) connects, owed \(owed.map(TraceText.message))")
        deliver(owed, to: subscriber)
    }

    /// A subscriber unsubscribes from everything, or subscribes again.
    private func subscriptionChanges() throws {
        let subscriber = random.pick(cast.subscribers)
        if directory.subscribers[subscriber.id] != nil {
            directory.remove(subscriber.id)
            try feed(.subscribersChanged(directory, removed: [SubscriptionRemoval(subscriber: subscriber.id, messageType: nil)]))
        } else {
            directory.update(subscriber)
            try feed(.subscribersChanged(directory, removed: []))
        }
    }

    /// A workflow is defined again, perhaps changed, or removed, or defined after its removal.
    private func definitionChanges() throws {
        let original = random.pick(cast.workflows)
        guard let current = definitions[original.id] else {
            try define(original, version: 1)
            return
        }
        if random.chance(0.2) {
            definitions[original.id] = nil
            oracle.remove(original.id)
            try feed(.remove(workflow: original.id))
            return
        }
        var changed = current.definition
        if random.chance(0.5) { changed = ScenarioCast.workflow(original.id, among: cast.workflows.map(\.id), random: &random) }
        try define(changed, version: current.version + 1)
    }

    private func define(_ workflow: Workflow, version: Int) throws {
        definitions[workflow.id] = Versioned(workflow, version: version)
        oracle.register(workflow, now: now)
        for key in firedInThisLife.keys where key.hasPrefix("\(workflow.id)#") { firedInThisLife[key] = nil }
        try feed(.define(workflow, version: version))
    }

    // MARK: - Crashes and restarts

    /// The process dies: the machine, the batch being stored, the commands and the connections
    /// go; what was stored stays. The core starts again after a while.
    private func crash() throws {
        guard canCrash else { return }
        note("CRASH")
        restarts += 1
        now += Double(random.chance(0.7) ? random.int(1...120) : random.int(600...3 * 3600))
        try start(lastFires: store.fires)
    }

    /// The core stops as it does on a signal (`finish`, then what is left is stored), and starts again.
    private func stopAndStart() throws {
        guard canCrash else { return }
        try feed(.finish)
        var rounds = 0
        while let batch = storing, rounds < 20 {
            storing = nil
            rounds += 1
            if random.chance(0.1) {
                try feed(.storeFailed(batch: batch.number))
            } else {
                try commit(batch)
                try feed(.stored(batch: batch.number))
            }
        }
        note("STOPPED")
        restarts += 1
        now += Double(random.int(1...600))
        try start(lastFires: store.fires)
    }

    /// Whether the core may still crash or stop in this scenario.
    private var canCrash: Bool { crashesAllowed && restarts < Self.mostRestarts }

    /// A new machine restored from the store, as `TaskHandler.load` does.
    private func start(lastFires: [String: Date]) throws {
        machine = CoreMachine(timeZone: timeZone, cascadeLimit: cascadeLimit, ids: .seeded(seed &+ UInt64(restarts) &* 0x9E37_79B9))
        storing = nil
        commands = []
        connected = []
        unconfirmed = []
        firedInThisLife = [:]
        oracle.reset()
        let workflows = definitions.values.sorted { $0.definition.id < $1.definition.id }
        for workflow in workflows { oracle.register(workflow.definition, now: now, lastFires: lastFires) }
        try feed(.restore(store.restore(workflows: workflows, subscribers: directory)))
    }

    // MARK: - Carrying out actions

    /// Feeds one input and carries out its actions in order, as the shell does; nil when the core
    /// crashed while it did.
    @discardableResult
    private func feed(_ input: CoreInput) throws -> CoreTransition? {
        inputs += 1
        let transition = machine.handle(input, at: now)
        if trace != nil {
            let reply = TraceText.reply(transition.reply).map { " -> \($0)" } ?? ""
            note("[\(Int(now.timeIntervalSince1970) % 100_000)] \(TraceText.input(input))\(reply)")
        }
        let life = restarts
        for action in transition.actions {
            if canCrash, random.chance(Self.crashBeforeAction) {
                try crash()
                return nil
            }
            try carryOut(action)
            guard life == restarts else { return nil }
        }
        return transition
    }

    private func carryOut(_ action: CoreAction) throws {
        if trace != nil, let text = TraceText.action(action) { note("  " + text) }
        switch action {
        case .store(let batch):
            if let storing {
                throw InvariantViolation(.stateStored, "batch #\(batch.number) was handed to the store while #\(storing.number) was being stored")
            }
            storing = batch
        case .publish(let messages):
            try publish(messages)
        case .runCommand(let order):
            commands.removeAll { $0.task == order.task }
            commands.append(order)
        case .cancelCommand(let task):
            commands.removeAll { $0.task == task }
        case .resume(let upTo):
            for (sequence, task) in unconfirmed where sequence <= upTo { promised.insert(task) }
            unconfirmed.removeAll { $0.sequence <= upTo }
        case .log(let line):
            if line.metadata["trigger"] == "schedule", let workflow = line.metadata["workflow"] { scheduleStarts.append(workflow) }
        case .metric:
            break
        }
    }

    /// Checks that every message of a transition is in the store's outbox, then delivers them.
    private func publish(_ messages: [Message]) throws {
        for message in messages {
            switch message {
            case .action, .actionAbort:
                guard store.holds(frame: message.jsonText) else {
                    throw InvariantViolation(.publishedOnlyStored, "\(TraceText.message(message)) was published and is not in the outbox")
                }
            case .event(let event):
                guard let id = event.id else { continue }
                guard store.outbox[id]?.frame == message.jsonText else {
                    throw InvariantViolation(.publishedOnlyStored, "\(TraceText.message(message)) was published and is not in the outbox")
                }
            default:
                continue
            }
        }
        for subscriber in connected.sorted() { deliver(messages, to: subscriber) }
    }

    /// What a connected subscriber receives of `messages`: the actions of its message types.
    private func deliver(_ messages: [Message], to subscriber: SubscriberId) {
        guard let subscriptions = directory.subscribers[subscriber]?.subscriptions else { return }
        for message in messages {
            guard case .action(let action) = message, subscriptions[action.messageType] != nil else { continue }
            sent[subscriber, default: []].insert("\(action.task)/\(action.step)")
            inbox[subscriber, default: []].append(action)
        }
    }

    private func remember(_ task: TaskId) {
        if !knownRuns.contains(task) { knownRuns.append(task) }
    }

    // MARK: - Checks

    /// When everything handled is stored: the store holds the machine's runs in their state and
    /// its queued runs, every fire is stored, and every connected subscriber has been sent the
    /// action of each step that waits for it.
    private func checkSettled() throws {
        guard machine.isSettled, storing == nil else { return }
        let tasks = machine.runningTasks()
        for task in tasks {
            remember(task.id)
            guard let stored = store.running[task.id], Self.sameState(stored, task.snapshot) else {
                throw InvariantViolation(
                    .stateStored, "run \(TraceText.id(task.id)) is \(task.phase) in the core and "
                        + "\(store.running[task.id].map { "\($0.phase)" } ?? "missing") in the store")
            }
            guard let step = task.currentStep else { continue }
            for subscriber in task.waitingFor.sorted() where connected.contains(subscriber) {
                guard sent[subscriber]?.contains("\(task.id)/\(step.name)") == true else {
                    throw InvariantViolation(
                        .noActionLost, "\(subscriber) is connected and step \(TraceText.id(task.id))/\(step.name) waits for it, "
                            + "but it was never sent the action")
                }
            }
        }
        if store.running.count != tasks.count {
            let extra = Set(store.running.keys).subtracting(tasks.map(\.id)).sorted()
            throw InvariantViolation(.stateStored, "the store holds runs the core does not: \(extra.map(TraceText.id))")
        }
        let queued = machine.queuedRuns.map(\.taskId)
        guard Set(queued) == Set(store.queued.keys) else {
            throw InvariantViolation(.queuedRunKept, "the core queues \(queued.map(TraceText.id)) and the store \(store.queued.keys.sorted().map(TraceText.id))")
        }
        queued.forEach(remember)
        for (key, firedAt) in firedInThisLife where store.fires[key] != firedAt {
            throw InvariantViolation(.cronFires, "trigger \(key) fired at \(firedAt) and the store says \(store.fires[key].map { "\($0)" } ?? "never")")
        }
    }

    /// Whether two snapshots of a run hold the same state, but its progress: a run stores the
    /// progress its actors report with its next change, not on its own.
    static func sameState(_ stored: TaskSnapshot, _ current: TaskSnapshot) -> Bool {
        var current = current
        current.progress = stored.progress
        return stored == current
    }

    /// Ends the scenario: no more crashes or failures; every actor connects and answers, every
    /// command succeeds, every store succeeds, the triggers are removed and the clock moves past
    /// every deadline, until nothing runs. Then every run the store ever held, and every run
    /// the core said it started or queued, has exactly one history entry.
    private func quiesce() throws {
        crashesAllowed = false
        note("QUIESCE")
        for subscriber in cast.subscribers.map(\.id).sorted() where !connected.contains(subscriber) { connect(subscriber) }
        for workflow in definitions.values.sorted(by: { $0.definition.id < $1.definition.id }) {
            var quiet = workflow.definition
            quiet.triggers = []
            try define(quiet, version: workflow.version + 1)
        }
        var rounds = 0
        while !(machine.runningCount == 0 && machine.queuedRuns.isEmpty && machine.isSettled && storing == nil) {
            rounds += 1
            guard rounds <= Self.quiescenceRounds else {
                let stuck = machine.runningTasks().map { "\(TraceText.id($0.id)) at \($0.currentStep?.name ?? "-")" }
                throw InvariantViolation(.quiescence, "runs still running after \(Self.quiescenceRounds) rounds: \(stuck)")
            }
            while let batch = storing {
                storing = nil
                try commit(batch)
                try feed(.stored(batch: batch.number))
            }
            try checkSettled()
            for subscriber in connected.sorted() {
                while let action = inbox[subscriber]?.first {
                    inbox[subscriber]!.removeFirst()
                    try answer(
                        .actionDone(ActionMessage(messageType: action.messageType, task: action.task, step: action.step, subscriberId: subscriber)),
                        as: subscriber)
                }
            }
            while !commands.isEmpty {
                let order = commands.removeFirst()
                try feed(.commandFinished(order.task, number: order.number, step: order.step, result: .success(output: "")))
            }
            if machine.isSettled, storing == nil, commands.isEmpty {
                now += 600
                try tick()
            }
        }
        try feed(.finish)
        while let batch = storing {
            storing = nil
            try commit(batch)
            try feed(.stored(batch: batch.number))
        }
        guard store.outbox.isEmpty else {
            throw InvariantViolation(.publishedOnlyStored, "\(store.outbox.count) messages stay in the outbox after the core stopped")
        }
        for task in store.everStored.union(promised).sorted() where store.history[task]?.count != 1 {
            let invariant: Invariant = store.everQueued.contains(task) || !store.everStored.contains(task) ? .queuedRunKept : .runEndsOnce
            throw InvariantViolation(invariant, "run \(TraceText.id(task)) has \(store.history[task]?.count ?? 0) history entries at the end")
        }
    }

    // MARK: - Trace

    private func note(_ line: @autoclosure () -> String) {
        guard trace != nil else { return }
        trace!.append(line())
    }

    static func describe(_ workflow: Workflow) -> String {
        let steps = workflow.steps.map { step -> String in
            switch step.action {
            case .performAction(let type, _): return "do \(type)"
            case .waitForEvent(let type, _): return "wait \(type)"
            case .emitEvent(let event): return "emit \(event.messageType)"
            case .executeCommand: return "command"
            }
        }
        let triggers = workflow.triggers.map { trigger -> String in
            switch trigger {
            case .cron(let expression): return "cron '\(expression.source)'"
            case .event(let type, _): return "on \(type)"
            }
        }
        return "\(workflow.id)(\(workflow.onSurpass.rawValue): \(steps.joined(separator: ", ")); \(triggers.joined(separator: ", ")))"
    }

    static func describe(_ subscriber: Subscriber) -> String {
        let subscriptions = subscriber.subscriptions.values.sorted { $0.messageType < $1.messageType }
            .map { "\($0.messageType)\($0.waitForCompletion ? "" : " (not blocking)")" }
        return "\(subscriber.id)[\(subscriptions.joined(separator: ", "))]"
    }
}
