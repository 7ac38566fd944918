import Foundation
import Logging
import RotaModel
import Tracing

/// Runs an actor's handlers as its `ActionLedger` decides, and sends their answers, progress and
/// notes on the connection that is open at the time.
actor ActionRunner {
    private let subscriberId: SubscriberId
    private let handlers: @Sendable (String) -> ActionHandler?
    private let logger: Logger
    /// Traces the handling of every action; nil leaves spans to the process's `InstrumentationSystem`.
    private let tracer: (any Tracer)?
    private var ledger: ActionLedger
    private var tasks: [ActionKey: Task<Void, Never>] = [:]
    private var outbox: AsyncStream<String>.Continuation?
    private var connections = 0
    private var idleWaiters: [AsyncStream<Never>.Continuation] = []

    init(
        subscriberId: SubscriberId, maxConcurrent: Int, handlers: @escaping @Sendable (String) -> ActionHandler?, tracer: (any Tracer)? = nil,
        logger: Logger
    ) {
        self.subscriberId = subscriberId
        self.handlers = handlers
        self.tracer = tracer
        self.logger = logger
        ledger = ActionLedger(maxConcurrent: maxConcurrent)
    }

    /// The number of the latest connection; 0 before the first.
    var lastConnection: Int { connections }

    /// A connection opened: what is sent from now on goes into `outbox`. Returns the connection's number.
    func attach(_ outbox: AsyncStream<String>.Continuation) -> Int {
        connections += 1
        self.outbox = outbox
        ledger.connected(connections)
        return connections
    }

    /// Connection `number` closed: nothing is sent until the next one opens.
    func detach(_ number: Int) {
        guard number == connections else { return }
        outbox = nil
        ledger.disconnected()
    }

    /// Handles one message from the core.
    func receive(_ message: Message) {
        switch message {
        case .action(let action):
            arrived(action)
        case .actionAbort(let action):
            abort(action)
        case .event(let event) where event.messageType == "message_refused":
            logger.warning(
                "the core refused a message of this actor: \(event.data["reason"]?.stringValue ?? "no reason given")",
                metadata: ["subscriber": "\(subscriberId)"])
        default:
            logger.debug("ignored \(message.kind.rawValue) \(message.messageType)", metadata: ["subscriber": "\(subscriberId)"])
        }
    }

    /// Sends a message if a connection is open; progress and notes made while none is, or while
    /// the connection falls behind, are dropped.
    func send(_ message: Message) {
        guard let outbox else {
            logger.debug("not connected; \(message.kind.rawValue) dropped", metadata: ["subscriber": "\(subscriberId)"])
            return
        }
        if case .dropped = outbox.yield(message.jsonText), let action = message.actionMessage,
            message.kind == .actionDone || message.kind == .actionError
        {
            logger.warning(
                "the connection falls behind; reconnecting, so that the core sends the action again and gets its answer",
                metadata: metadata(ActionKey(action)))
            outbox.finish()
        }
    }

    /// Starts nothing new, lets running handlers finish for up to `grace`, then cancels the rest
    /// without answering them (the core sends them again to the next connection).
    func drain(grace: Duration) async {
        for action in ledger.drain() {
            logger.info("shutting down; left for later", metadata: metadata(ActionKey(action)))
        }
        if !ledger.isIdle {
            logger.info("shutting down; waiting up to \(grace) for \(ledger.runningCount) running actions", metadata: ["subscriber": "\(subscriberId)"])
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.waitUntilIdle() }
                group.addTask { try? await Task.pause(for: grace) }
                await group.next()
                group.cancelAll()
            }
        }
        cancelAll()
    }

    /// Cancels every running handler; none of them is answered.
    func cancelAll() {
        for key in ledger.abortAll() {
            logger.info("cancelled: the actor stops", metadata: metadata(key))
            tasks[key]?.cancel()
        }
    }

    /// Returns once no handler runs, or the task is cancelled.
    func waitUntilIdle() async {
        guard !ledger.isIdle else { return }
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        idleWaiters.append(continuation)
        for await _ in stream {}
    }

    private func arrived(_ action: ActionMessage) {
        let key = ActionKey(action)
        switch ledger.received(action) {
        case .start(let action):
            start(action)
        case .wait:
            logger.debug(
                "waits for a free slot (\(ledger.runningCount) running, \(ledger.waitingCount) waiting)", metadata: metadata(key))
        case .duplicate:
            logger.debug("received again while it runs; not run twice", metadata: metadata(key))
        case .answerAgain(let answer):
            logger.info("received again after it was answered; answered again", metadata: metadata(key))
            send(answer)
        case .answeredAlready:
            logger.debug("received again, answered on this connection already", metadata: metadata(key))
        case .refused:
            logger.debug("shutting down; not started", metadata: metadata(key))
        }
    }

    private func abort(_ action: ActionMessage) {
        let key = ActionKey(action)
        switch ledger.aborted(key) {
        case .cancel:
            logger.info("aborted by the core; cancelling the handler", metadata: metadata(key))
            for (running, task) in tasks where running.sameStep(as: key) { task.cancel() }
        case .dropped:
            logger.info("aborted by the core before it started", metadata: metadata(key))
        case .unknown:
            logger.debug("abort of an action that does not run", metadata: metadata(key))
        }
    }

    private func start(_ action: ActionMessage) {
        let key = ActionKey(action)
        var logger = self.logger
        logger[metadataKey: "subscriber"] = "\(subscriberId)"
        logger[metadataKey: "task"] = "\(action.task)"
        logger[metadataKey: "step"] = "\(action.step)"
        let trace = ActionTrace(action: action, subscriberId: subscriberId, tracer: tracer)
        if let traceId = trace.traceId { logger[metadataKey: "trace_id"] = "\(traceId)" }
        guard let handler = handlers(action.messageType) else {
            logger.error("no handler for \(action.messageType)")
            let answer = ActionMessage(messageType: action.messageType, task: action.task, step: action.step)
            let refusal = Message.actionError(answer, error: "\(subscriberId) has no handler for \(action.messageType)")
            trace.end(with: refusal)
            completed(key, with: refusal)
            return
        }
        let context = ActionContext(action: action, logger: logger, traceparent: trace.incoming, serviceContext: trace.context) { [weak self] message in
            await self?.send(message)
        }
        logger.info("started")
        tasks[key] = Task {
            let answer = await ServiceContext.withValue(trace.context) { await Self.perform(handler, context) }
            trace.end(with: answer)
            self.completed(key, with: answer)
        }
    }

    private func completed(_ key: ActionKey, with answer: Message) {
        tasks[key] = nil
        let completion = ledger.finished(key, answer: answer)
        if let answer = completion.answer {
            if case .actionError(_, let error) = answer {
                logger.warning("failed: \(error)", metadata: metadata(key))
            } else {
                logger.info("done", metadata: metadata(key))
            }
            send(answer)
        } else {
            logger.info("ended after it was aborted; not answered", metadata: metadata(key))
        }
        for action in completion.start { start(action) }
        if ledger.isIdle {
            for waiter in idleWaiters { waiter.finish() }
            idleWaiters = []
        }
    }

    /// Runs the handler under its timeout; the answer is `action_done`, or `action_error` with
    /// the error's description or the timeout.
    private static func perform(_ handler: ActionHandler, _ context: ActionContext) async -> Message {
        let reply = ActionMessage(messageType: context.messageType, task: context.task, step: context.step)
        enum Outcome: Sendable {
            case done
            case failed(String)
            case timedOut
        }
        let outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    try await handler.perform(context)
                    return .done
                } catch {
                    return .failed(String(describing: error))
                }
            }
            group.addTask {
                do {
                    try await Task.pause(for: handler.timeout)
                    return .timedOut
                } catch {
                    return nil
                }
            }
            var outcome = Outcome.failed("cancelled")
            for await result in group {
                guard let result else { continue }
                outcome = result
                group.cancelAll()
                break
            }
            return outcome
        }
        switch outcome {
        case .done: return .actionDone(reply)
        case .failed(let error): return .actionError(reply, error: error)
        case .timedOut: return .actionError(reply, error: "did not finish within \(handler.timeout); cancelled")
        }
    }

    private func metadata(_ key: ActionKey) -> Logger.Metadata {
        ["subscriber": "\(subscriberId)", "task": "\(key.task)", "step": "\(key.step)"]
    }
}
