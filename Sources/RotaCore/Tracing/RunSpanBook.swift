import RotaModel
import RotaTracing
import Tracing

/// The spans of every traced run, opened and ended as the run's events go by. At most
/// `openRunLimit` runs are traced at once: a run that starts beyond is not traced until one of
/// its later steps begins with room again (its span then says `rota.run.partial`), and so is a
/// run the core resumed after a restart.
struct RunSpanBook {
    let tracer: any Tracer
    let openRunLimit: Int
    private(set) var runs: [TaskId: TracedRun] = [:]
    /// Runs left untraced because `openRunLimit` runs were traced, since the last report.
    private var refused = 0
    /// When refused runs were last reported.
    private var lastReport: ContinuousClock.Instant?
    /// How often refused runs are reported at most.
    static let reportInterval: Duration = .seconds(60)

    init(tracer: any Tracer, openRunLimit: Int) {
        self.tracer = tracer
        self.openRunLimit = openRunLimit
    }

    /// Takes one published message into account; returns it, with `data.traceparent` set when it
    /// is an action of a traced step.
    mutating func observe(_ message: Message) -> Message {
        switch message {
        case .event(let event):
            observe(event)
            return message
        case .action(let action):
            guard let traceparent = runs[action.task]?.step.flatMap({ $0.name == action.step ? $0.attempt?.traceparent : nil }) else {
                return message
            }
            return message.updatingAction { $0.extra["traceparent"] = .string(traceparent) }
        default:
            return message
        }
    }

    /// How many runs went untraced since the last report, when there are some and the last
    /// report is `reportInterval` old; the count starts again from zero.
    mutating func takeRefusedToReport(at now: ContinuousClock.Instant) -> (count: Int, limit: Int)? {
        guard refused > 0, lastReport.map({ now - $0 >= Self.reportInterval }) ?? true else { return nil }
        defer { refused = 0 }
        lastReport = now
        return (refused, openRunLimit)
    }

    /// Ends every open span as interrupted: the core stops while the runs go on (they resume at
    /// its next start, in new spans).
    mutating func interruptAll() {
        for (_, run) in runs {
            if let step = run.step { end(step, state: "interrupted", status: nil) }
            run.span.attributes[SpanAttributeName.outcome] = "interrupted"
            run.span.end()
        }
        runs = [:]
    }

    private mutating func observe(_ event: Event) {
        let data = event.data
        switch event.messageType {
        case "task_started":
            guard let taskId = data["task_id"]?.stringValue, runs[taskId] == nil else { return }
            open(taskId, workflow: data["workflow"]?.stringValue ?? data["task"]?.stringValue ?? "", partial: false)
        case "task_start":
            guard let taskId = data["task_id"]?.stringValue, let workflow = data["descriptor_id"]?.stringValue, let run = runs[taskId] else { return }
            if run.span.attributes[SpanAttributeName.workflow] == nil {
                run.span.attributes[SpanAttributeName.workflow] = workflow
                run.span.operationName = "run \(workflow)"
            }
        case "step_started":
            guard let taskId = data["task_id"]?.stringValue, let step = data["step"]?.stringValue else { return }
            let attempt = data["attempt"].flatMap(Self.int) ?? 1
            if runs[taskId] == nil { open(taskId, workflow: data["workflow"]?.stringValue ?? "", partial: true) }
            guard var run = runs[taskId] else { return }
            if var current = run.step, current.name == step, attempt > 1 {
                if let open = current.attempt { end(open, state: "superseded", status: nil) }
                current.attempt = startAttempt(attempt, of: current, taskId: taskId)
                run.step = current
            } else {
                if let previous = run.step { end(previous, state: "superseded", status: nil) }
                run.step = startStep(step, attempt: attempt, in: run, taskId: taskId, workflow: data["workflow"]?.stringValue)
            }
            runs[taskId] = run
        case "step_retry":
            guard let taskId = data["task_id"]?.stringValue, var run = runs[taskId], var step = run.step,
                step.name == data["step"]?.stringValue, let attempt = step.attempt
            else { return }
            let reason = data["reason"]?.stringValue ?? "failed"
            attempt.span.attributes[SpanAttributeName.retryReason] = reason
            if let wait = data["retry_in"]?.doubleValue { attempt.span.attributes[SpanAttributeName.retryIn] = wait }
            attempt.span.setStatus(SpanStatus(code: .error, message: reason))
            attempt.span.end()
            step.attempt = nil
            run.step = step
            runs[taskId] = run
        case "step_end":
            guard let taskId = data["task_id"]?.stringValue, var run = runs[taskId], let step = run.step, step.name == data["step"]?.stringValue
            else { return }
            let state = data["state"]?.stringValue ?? "succeeded"
            if let errors = data["errors"].flatMap(Self.int) { step.span.attributes[SpanAttributeName.errors] = errors }
            if let attempts = data["attempts"].flatMap(Self.int) { step.span.attributes[SpanAttributeName.attempts] = attempts }
            if let subscribers = data["subscribers"]?.objectValue { Self.record(subscribers, on: step) }
            end(step, state: state, status: state == "succeeded" ? SpanStatus(code: .ok) : SpanStatus(code: .error, message: state))
            run.step = nil
            runs[taskId] = run
        case "error":
            guard let taskId = data["task"]?.stringValue, let run = runs[taskId] else { return }
            let span = run.step?.attempt?.span ?? run.step?.span ?? run.span
            span.addEvent(SpanEvent(name: "error", attributes: [SpanAttributeName.errorMessage: .string(data["message"]?.stringValue ?? "")]))
        case "task_end":
            guard let taskId = data["task_id"]?.stringValue, let run = runs.removeValue(forKey: taskId) else { return }
            let outcome = data["outcome"]?.stringValue ?? "success"
            if let step = run.step { end(step, state: outcome == "stopped" ? "stopped" : "failed", status: nil) }
            run.span.attributes[SpanAttributeName.outcome] = outcome
            if let errors = data["errors"].flatMap(Self.int) { run.span.attributes[SpanAttributeName.errors] = errors }
            switch outcome {
            case "success": run.span.setStatus(SpanStatus(code: .ok))
            case "failure": run.span.setStatus(SpanStatus(code: .error, message: "the run failed"))
            default: break
            }
            run.span.end()
        default:
            return
        }
    }

    /// Opens the span of run `taskId`, unless `openRunLimit` runs are traced already.
    private mutating func open(_ taskId: TaskId, workflow: String, partial: Bool) {
        guard runs.count < openRunLimit else {
            refused += 1
            return
        }
        let span = tracer.startSpan("run \(workflow)", context: .topLevel, ofKind: .internal)
        span.attributes[SpanAttributeName.taskId] = taskId
        if !workflow.isEmpty { span.attributes[SpanAttributeName.workflow] = workflow }
        if partial { span.attributes[SpanAttributeName.partial] = true }
        runs[taskId] = TracedRun(span: span, traceId: tracer.traceparent(of: span.context)?.traceId ?? "", step: nil)
    }

    private func startStep(_ name: String, attempt: Int, in run: TracedRun, taskId: TaskId, workflow: String?) -> TracedStep {
        let span = tracer.startSpan("step \(name)", context: run.span.context, ofKind: .internal)
        span.attributes[SpanAttributeName.taskId] = taskId
        span.attributes[SpanAttributeName.step] = name
        if let workflow { span.attributes[SpanAttributeName.workflow] = workflow }
        var step = TracedStep(name: name, span: span, attempt: nil)
        step.attempt = startAttempt(attempt, of: step, taskId: taskId)
        return step
    }

    private func startAttempt(_ number: Int, of step: TracedStep, taskId: TaskId) -> TracedAttempt {
        let span = tracer.startSpan("attempt \(number)", context: step.span.context, ofKind: .producer)
        span.attributes[SpanAttributeName.taskId] = taskId
        span.attributes[SpanAttributeName.step] = step.name
        span.attributes[SpanAttributeName.attempt] = number
        return TracedAttempt(number: number, span: span, traceparent: tracer.traceparent(of: span.context)?.description)
    }

    /// Ends the step's attempt (when one runs) and the step, as `state`.
    private func end(_ step: TracedStep, state: String, status: SpanStatus?) {
        if let attempt = step.attempt { end(attempt, state: state, status: status) }
        step.span.attributes[SpanAttributeName.stepState] = state
        if let status { step.span.setStatus(status) }
        step.span.end()
    }

    private func end(_ attempt: TracedAttempt, state: String, status: SpanStatus?) {
        attempt.span.attributes[SpanAttributeName.stepState] = state
        if let status { attempt.span.setStatus(status) }
        attempt.span.end()
    }

    /// Puts on the step's span who was asked (`rota.subscribers.asked`) and who answered how
    /// (`rota.subscribers.done`, `.error`, `.timed_out`, `.pending`), from `step_end`.
    private static func record(_ subscribers: [String: JSONValue], on step: TracedStep) {
        step.span.attributes[SpanAttributeName.subscribersAsked] = subscribers.keys.sorted()
        var byAnswer: [String: [String]] = [:]
        for (subscriber, answer) in subscribers {
            guard let answer = answer.stringValue else { continue }
            byAnswer[answer, default: []].append(subscriber)
        }
        for (answer, names) in byAnswer {
            let attribute = SpanAttributeName.subscribersPrefix + answer
            step.span.attributes[attribute] = names.sorted()
            step.attempt?.span.attributes[attribute] = names.sorted()
        }
    }

    private static func int(_ value: JSONValue) -> Int? {
        switch value {
        case .int(let number): Int(exactly: number)
        case .double(let number): Int(exactly: number)
        default: nil
        }
    }
}
