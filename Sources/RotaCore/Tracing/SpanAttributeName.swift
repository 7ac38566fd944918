/// The names of the attributes Rota gives its spans (docs/TRACING.md lists them).
enum SpanAttributeName {
    static let workflow = "rota.workflow"
    static let taskId = "rota.task_id"
    static let step = "rota.step"
    static let attempt = "rota.attempt"
    static let attempts = "rota.attempts"
    static let stepState = "rota.step.state"
    static let errors = "rota.errors"
    static let outcome = "rota.outcome"
    static let retryReason = "rota.retry.reason"
    static let retryIn = "rota.retry.in_seconds"
    static let partial = "rota.run.partial"
    static let subscribersAsked = "rota.subscribers.asked"
    /// Followed by an answer (`done`, `error`, `timed_out`, `pending`): the subscribers that gave it.
    static let subscribersPrefix = "rota.subscribers."
    static let errorMessage = "rota.error.message"
}
