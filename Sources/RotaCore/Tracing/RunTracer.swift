import Logging
import RotaModel
import RotaTracing
import Synchronization
import Tracing

/// Traces runs from the messages the core publishes: one span per run, a child per step and a
/// child of that per attempt, with the workflow, task, step, attempt, the subscribers asked and
/// how each answered, errors, retries and the outcome as attributes (docs/TRACING.md). Every
/// `action` leaves with `data.traceparent`, the W3C trace context of its step's current attempt,
/// so that actors continue the trace; log lines of a traced run carry its `trace_id`.
///
/// `TaskHandler` hands it every message it publishes and every log line it writes; without one
/// (no `--otel-endpoint`) it does nothing of the kind. Spans are kept for running runs only,
/// at most `openRunLimit` of them (see `RunSpanBook`).
public final class RunTracer: Sendable {
    /// How many runs are traced at once unless told otherwise.
    public static let defaultOpenRunLimit = 10_000

    private let book: Mutex<RunSpanBook>
    private let logger: Logger

    /// Traces runs with `tracer`, at most `openRunLimit` at once; `logger` is told when runs go
    /// untraced because of the limit.
    public init(tracer: any Tracer, openRunLimit: Int = RunTracer.defaultOpenRunLimit, logger: Logger) {
        book = Mutex(RunSpanBook(tracer: tracer, openRunLimit: max(1, openRunLimit)))
        self.logger = logger
    }

    /// The messages as they are to be published: each observed, and each `action` of a traced
    /// step stamped with `data.traceparent`.
    public func trace(_ messages: [Message]) -> [Message] {
        let (traced, refused) = book.withLock { book in
            (messages.map { book.observe($0) }, book.takeRefusedToReport(at: .now))
        }
        if let refused {
            logger.warning("\(refused.count) runs started untraced: \(refused.limit) runs are traced already (said at most once a minute)")
        }
        return traced
    }

    /// The metadata of a log line, with the `trace_id` of its run (its `task`) when that is traced.
    public func metadata(of line: CoreLogLine) -> [String: String] {
        guard let task = line.metadata["task"], let traceId = book.withLock({ $0.runs[task]?.traceId }), !traceId.isEmpty else {
            return line.metadata
        }
        var metadata = line.metadata
        metadata["trace_id"] = traceId
        return metadata
    }

    /// The number of runs traced now.
    public var openRuns: Int { book.withLock(\.runs.count) }

    /// Ends the span of every run still going, and of its step and attempt, with the outcome
    /// `interrupted`: the core stops. Runs traced afterwards start new spans.
    public func interruptAll() {
        book.withLock { $0.interruptAll() }
    }
}
