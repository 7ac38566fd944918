import RotaModel
import RotaTracing
import Tracing

/// How an actor traces one action: it reads the trace context the core sent
/// (`data.traceparent`, ignored when malformed) and, with a tracer, handles the action in a span
/// of its own, a child of the step's attempt (a trace of its own when the core sent none).
struct ActionTrace: Sendable {
    /// The trace context the action came with, when well-formed.
    let incoming: TraceParent?
    /// The actor's span for the action; nil without a tracer.
    let span: (any Span)?
    /// The context the handler runs in.
    let context: ServiceContext
    /// The trace the handling belongs to, for log lines; nil when none.
    let traceId: String?

    init(action: ActionMessage, subscriberId: SubscriberId, tracer: (any Tracer)?) {
        incoming = action.extra["traceparent"]?.stringValue.flatMap(TraceParent.init)
        var parent = ServiceContext.topLevel
        if let incoming {
            if let tracer {
                parent = tracer.context(continuing: incoming)
            } else {
                InstrumentationSystem.instrument.extract(["traceparent": incoming.description], into: &parent, using: TraceContextCarrier())
            }
        }
        guard let tracer else {
            span = nil
            context = parent
            traceId = incoming?.traceId
            return
        }
        let span = tracer.startSpan(action.messageType, context: parent, ofKind: .consumer)
        span.attributes["rota.task_id"] = action.task
        span.attributes["rota.step"] = action.step
        span.attributes["rota.subscriber"] = subscriberId
        if case .int(let attempt)? = action.extra["attempt"] { span.attributes["rota.attempt"] = Int(attempt) }
        self.span = span
        context = span.context
        traceId = tracer.traceparent(of: span.context)?.traceId ?? incoming?.traceId
    }

    /// Ends the span with the handler's answer: an error status for `action_error`.
    func end(with answer: Message) {
        guard let span else { return }
        if case .actionError(_, let error) = answer {
            span.setStatus(SpanStatus(code: .error, message: error))
        } else {
            span.setStatus(SpanStatus(code: .ok))
        }
        span.end()
    }
}
