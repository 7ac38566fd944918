import Tracing

/// Carries a span's context in and out of a string dictionary (an action's `traceparent`, the
/// headers of a request), as W3C trace context.
public struct TraceContextCarrier: Injector, Extractor {
    public init() {}

    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }

    public func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}

extension Tracer {
    /// The `traceparent` of the span `context` holds, or nil when it holds none (or the tracer
    /// does not propagate W3C trace context).
    public func traceparent(of context: ServiceContext) -> TraceParent? {
        var carrier: [String: String] = [:]
        inject(context, into: &carrier, using: TraceContextCarrier())
        return carrier["traceparent"].flatMap(TraceParent.init)
    }

    /// A context whose span is the remote one `traceparent` names, to start child spans in.
    public func context(continuing traceparent: TraceParent) -> ServiceContext {
        var context = ServiceContext.topLevel
        extract(["traceparent": traceparent.description], into: &context, using: TraceContextCarrier())
        return context
    }
}
