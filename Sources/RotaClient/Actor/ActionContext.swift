import Foundation
import Logging
import RotaModel
import RotaTracing
import Tracing

/// What a handler is given for one action: which step of which task to perform, the action's
/// extra data, and ways to report progress and notes to the run's log while it works.
///
/// The handler runs in its own task: it is cancelled when the core aborts the action (the run was
/// stopped) or the handler's timeout passes, and it should then stop soon (`Task.checkCancellation()`).
///
/// When the core traces runs, the action carries the W3C trace context of its step's attempt
/// (`traceparent`); the handler runs with `serviceContext` as `ServiceContext.current`, so the
/// spans it starts (`withSpan`) belong to the run's trace.
public struct ActionContext: Sendable {
    /// The run the action belongs to.
    public let task: TaskId
    /// The step of the run.
    public let step: String
    /// The message type of the action, e.g. `collect`.
    public let messageType: String
    /// Whatever else the core sent with the action (e.g. the task's metadata).
    public let data: [String: JSONValue]
    /// A logger that names the subscriber, task and step, and the `trace_id` of a traced run.
    public let logger: Logger
    /// The trace context the core sent with the action (`data.traceparent`); nil when the core
    /// traces nothing or the value is malformed (it is then ignored).
    public let traceparent: TraceParent?
    /// The context the handler runs in: with an actor given a tracer, the context of its span for
    /// this action, a child of the step's attempt; otherwise the incoming trace context as the
    /// process's `InstrumentationSystem` reads it (nothing unless one is bootstrapped).
    public let serviceContext: ServiceContext
    let send: @Sendable (Message) async -> Void

    init(
        action: ActionMessage, logger: Logger, traceparent: TraceParent?, serviceContext: ServiceContext,
        send: @escaping @Sendable (Message) async -> Void
    ) {
        task = action.task
        step = action.step
        messageType = action.messageType
        data = action.extra
        self.logger = logger
        self.traceparent = traceparent
        self.serviceContext = serviceContext
        self.send = send
    }

    /// Reports that `current` of `total` units of `name` are done (`action_progress`); `path`
    /// places the part below others, e.g. `["aws", "account-1"]`. The core keeps the latest report
    /// of each part and shows the run's progress from them.
    public func progress(_ name: String, current: Double, total: Double, path: [String] = []) async {
        await progress(.leaf(name: name, path: path, current: current, total: total))
    }

    /// Reports a progress leaf or a whole tree of parts (`action_progress`).
    public func progress(_ report: ProgressReport) async {
        await send(.actionProgress(reference, progress: report, at: Timestamp.string(Date())))
    }

    /// Adds a note to the run's log (`action_info`, level `info`); longer than 500 characters is cut.
    public func info(_ message: String) async {
        await send(.actionInfo(reference, level: .info, message: String(message.prefix(Message.maximumInfoLength))))
    }

    /// Reports an error to the run's log (`action_info`, level `error`) without failing the action;
    /// it counts in the run's errors. Longer than 500 characters is cut.
    public func error(_ message: String) async {
        await send(.actionInfo(reference, level: .error, message: String(message.prefix(Message.maximumInfoLength))))
    }

    private var reference: ActionMessage {
        ActionMessage(messageType: messageType, task: task, step: step)
    }
}
