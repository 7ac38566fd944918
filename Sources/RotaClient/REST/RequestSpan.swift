import NIOHTTP1
import RotaTracing
import Tracing

/// The span of one request to the core made while a traced action is handled (a collect's
/// merges, say): a child of the action's span, whose W3C trace context goes with the request as
/// its `traceparent` header.
struct RequestSpan {
    private let span: any Span
    private let tracer: any Tracer

    /// A span named `name` (`POST /graph/...`), or nil without a tracer or outside a traced action.
    init?(tracer: (any Tracer)?, name: String) {
        guard let tracer, let parent = ServiceContext.current, tracer.traceparent(of: parent) != nil else { return nil }
        self.tracer = tracer
        span = tracer.startSpan(name, context: parent, ofKind: .client)
    }

    /// Adds the span's `traceparent` to `headers`.
    func inject(into headers: inout HTTPHeaders) {
        var carrier: [String: String] = [:]
        tracer.inject(span.context, into: &carrier, using: TraceContextCarrier())
        for (name, value) in carrier { headers.replaceOrAdd(name: name, value: value) }
    }

    /// Ends the span with the answer's status: an error from 400 up.
    func end(status: HTTPResponseStatus) {
        span.attributes["http.response.status_code"] = Int(status.code)
        if status.code >= 400 { span.setStatus(SpanStatus(code: .error, message: "\(status.code)")) }
        span.end()
    }

    /// Ends the span of a request that got no answer.
    func end(failure: String) {
        span.setStatus(SpanStatus(code: .error, message: failure))
        span.end()
    }
}
