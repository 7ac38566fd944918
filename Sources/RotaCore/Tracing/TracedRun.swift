import RotaModel
import RotaTracing
import Tracing

/// The open spans of one running run: the run's own, and those of its current step and of that
/// step's current attempt.
struct TracedRun {
    /// The span of the whole run, from `task_started` to `task_end`.
    let span: any Span
    /// The trace every span of the run belongs to, as log lines name it.
    let traceId: String
    /// The step that runs, while one does.
    var step: TracedStep?
}

/// The open spans of a step: the step's own, from its first `step_started` to its `step_end`,
/// and that of its current attempt, from a `step_started` to the next `step_retry` or `step_end`.
struct TracedStep {
    let name: String
    let span: any Span
    /// The attempt that runs; nil while the step waits out a backoff before its next one.
    var attempt: TracedAttempt?
}

/// The span of one attempt of a step, with the `traceparent` its actions carry.
struct TracedAttempt {
    let number: Int
    let span: any Span
    /// The W3C trace context of `span`; nil when the tracer does not propagate one.
    let traceparent: String?
}
