import RotaModel

/// What `rota workflows run --wait` knows of the run it follows, as a value: it reads the bus's
/// messages and the run's state from `GET /tasks/{id}`, and says what changed for the display.
/// It does no I/O, so every rule is tested by feeding it messages and states.
///
/// The state from the core is the truth for steps and progress; messages about the run bring
/// its errors at once and ask for the state to be fetched again. Errors the bus did not bring
/// (those of the moment before the event stream was open) are found in the run's log at the end.
struct RunWatch {
    /// One step of the run as the display shows it.
    struct Step: Equatable {
        let name: String
        /// `pending`, `running`, `succeeded`, `failed`, `timed_out` or `stopped`.
        var state: String
        /// Percent done, 0...100.
        var progress: Double
        var errors: Int
        /// How many times the step was tried: 0 before it begins, more than 1 after a retry.
        var attempts: Int
        /// When the step's next attempt begins, while it waits for one after a failed attempt.
        var retryDue: String?

        init(name: String, state: String, progress: Double, errors: Int, attempts: Int = 1, retryDue: String? = nil) {
            self.name = name
            self.state = state
            self.progress = progress
            self.errors = errors
            self.attempts = attempts
            self.retryDue = retryDue
        }

        var hasEnded: Bool { !["pending", "running"].contains(state) }
    }

    /// How a finished run ended.
    struct Outcome: Equatable {
        /// `success`, `failure` or `stopped`.
        let name: String
        let reason: String?
        /// Seconds from the first step's start to the end.
        let duration: Double?
        let errors: Int

        var isSuccess: Bool { name == "success" }
    }

    /// Something the display shows.
    enum Change: Equatable {
        /// The run this watch follows has an id (a queued run gets one when it starts).
        case started(taskId: String)
        case stepStarted(String)
        /// A running step reached this many percent.
        case stepProgress(String, percent: Int)
        /// A step ended after `attempts` tries.
        case stepEnded(String, state: String, errors: Int, attempts: Int = 1)
        /// A step's attempt failed and the step is tried again `retryIn` seconds later.
        case stepRetrying(String, failedAttempt: Int, retryIn: Double, reason: String?)
        /// A step's attempt after the first began.
        case attemptStarted(String, attempt: Int)
        case error(String)
    }

    let workflowId: String
    private(set) var taskId: String?
    private(set) var steps: [Step] = []
    /// Set once the core reports the run finished.
    private(set) var outcome: Outcome?
    /// The run's latest state from the core.
    private(set) var task: JSONValue?
    /// Whether the bus said the run ended (`task_end`), so its final state is there to fetch.
    private(set) var hasEnded = false
    /// How many times each error text was shown, so that the log adds only the ones missed.
    private var shownErrors: [String: Int] = [:]
    /// The failed attempt of each step that waits for its next attempt, and when that begins,
    /// from the bus's `step_retry`.
    private var pendingRetries: [String: (failedAttempt: Int, due: String?)] = [:]
    /// The failed attempts told so far, as `step#attempt`, so that one the bus did not bring is
    /// told from the run's state instead, and none twice.
    private var toldRetries: Set<String> = []

    init(workflowId: String, taskId: String?) {
        self.workflowId = workflowId
        self.taskId = taskId
    }

    /// Reads one message of the bus: the run's start (for a queued run), its errors and its end.
    /// `refresh` says whether the run's state changed so that it is worth fetching again.
    mutating func receive(_ message: Message) -> (changes: [Change], refresh: Bool) {
        guard case .event(let event) = message else {
            guard let action = message.actionMessage, action.task == taskId else { return ([], false) }
            return ([], true)
        }
        switch event.messageType {
        case "task_start":
            guard taskId == nil, event.data["descriptor_id"]?.stringValue == workflowId, let id = event.data["task_id"]?.stringValue
            else { return ([], false) }
            taskId = id
            return ([.started(taskId: id)], true)
        case "task_end":
            guard let id = taskId, event.data["task_id"]?.stringValue == id else { return ([], false) }
            hasEnded = true
            return ([], true)
        case "error":
            guard let id = taskId, event.data["task"]?.stringValue == id, let text = event.data["message"]?.stringValue else {
                return ([], false)
            }
            shownErrors[text, default: 0] += 1
            return ([.error(text)], true)
        case "progress":
            return ([], taskId != nil && event.data["task"]?.stringValue == taskId)
        case "step_retry":
            guard let id = taskId, event.data["task_id"]?.stringValue == id, let step = event.data["step"]?.stringValue,
                let attempt = event.data["attempt"]?.wholeNumber
            else { return ([], false) }
            pendingRetries[step] = (attempt, event.data["due"]?.stringValue)
            guard toldRetries.insert("\(step)#\(attempt)").inserted else { return ([], true) }
            if let index = steps.firstIndex(where: { $0.name == step }) { steps[index].retryDue = event.data["due"]?.stringValue }
            let change = Change.stepRetrying(
                step, failedAttempt: attempt, retryIn: event.data["retry_in"]?.doubleValue ?? 0, reason: event.data["reason"]?.stringValue)
            return ([change], true)
        default:
            return ([], false)
        }
    }

    /// Reads the run's state (`GET /tasks/{id}`, running or finished) and says which steps
    /// started, moved on or ended since the last one. Its `retry_at` says when the running step's
    /// next attempt begins, as a `step_retry` of the bus does.
    mutating func receive(task: JSONValue) -> [Change] {
        self.task = task
        var reported = (task["steps"]?.arrayValue ?? []).compactMap { step -> Step? in
            guard let name = step["name"]?.stringValue else { return nil }
            let state = step["state"]?.stringValue ?? "pending"
            // A core from before retries reports no attempts: a step that began was tried once.
            let attempts = step["attempts"]?.wholeNumber ?? (state == "pending" ? 0 : 1)
            return Step(
                name: name, state: state, progress: step["progress"]?.doubleValue ?? 0, errors: Int(step["errors"]?.doubleValue ?? 0),
                attempts: attempts)
        }
        var changes: [Change] = []
        for index in reported.indices {
            let step = reported[index]
            let before = steps.first { $0.name == step.name } ?? Step(name: step.name, state: "pending", progress: 0, errors: 0, attempts: 0)
            if before.state == "pending", step.state == "running" { changes.append(.stepStarted(step.name)) }
            if let retry = pendingRetries[step.name] {
                if step.hasEnded || step.attempts > retry.failedAttempt {
                    pendingRetries[step.name] = nil
                } else {
                    reported[index].retryDue = retry.due
                }
            }
            if step.state == "running", let retryAt = task["retry_at"]?.stringValue { reported[index].retryDue = retryAt }
            if step.attempts > 1, step.attempts > before.attempts {
                for failed in max(before.attempts, 1)..<step.attempts where toldRetries.insert("\(step.name)#\(failed)").inserted {
                    changes.append(.stepRetrying(step.name, failedAttempt: failed, retryIn: -1, reason: nil))
                }
            }
            if step.state == "running", step.attempts > 1, step.attempts > before.attempts {
                changes.append(.attemptStarted(step.name, attempt: step.attempts))
            }
            if step.state == "running", Int(step.progress) != Int(before.progress), step.progress > 0 {
                changes.append(.stepProgress(step.name, percent: Int(step.progress)))
            }
            if !before.hasEnded, step.hasEnded {
                changes.append(.stepEnded(step.name, state: step.state, errors: step.errors, attempts: max(step.attempts, 1)))
            }
        }
        steps = reported
        if task["state"]?.stringValue == "finished" {
            outcome = Outcome(
                name: task["outcome"]?.stringValue ?? "failure", reason: task["reason"]?.stringValue, duration: task["duration"]?.doubleValue,
                errors: Int(task["errors"]?.doubleValue ?? 0))
        }
        return changes
    }

    /// Reads the run's log (`GET /tasks/{id}/log`) at its end: the errors not shown yet.
    mutating func receive(log: JSONValue) -> [Change] {
        var changes: [Change] = []
        for entry in log.arrayValue ?? [] where entry["level"]?.stringValue == "error" {
            guard let message = entry["message"]?.stringValue else { continue }
            let text = entry["subscriber_id"]?.stringValue.map { "\($0): \(message)" } ?? message
            if let count = shownErrors[text], count > 0 {
                shownErrors[text] = count - 1
            } else {
                changes.append(.error(text))
            }
        }
        return changes
    }

    /// Percent done of the whole run: the mean over its steps.
    var progress: Double {
        steps.isEmpty ? 0 : steps.reduce(0) { $0 + ($1.hasEnded ? 100 : $1.progress) } / Double(steps.count)
    }
}
