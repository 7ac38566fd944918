import Foundation
import RotaAPI
import RotaEngine
import RotaModel
import RotaStore

/// How runs, history, workflows and jobs look in the REST API: the core's values as the types of
/// `RotaAPI`.
enum APIViews {
    /// A share to a tenth of a percent.
    static func percent(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    /// Seconds to a millisecond.
    static func seconds(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }

    /// A run queued behind the active run of its workflow.
    static func queued(_ run: QueuedRun) -> QueuedRunView {
        QueuedRunView(taskId: run.taskId, workflow: run.workflowId, queuedAt: run.queuedAt)
    }

    /// A running task in a list: id, workflow, start, current step, progress and error count.
    static func summary(of task: RunningTask) -> TaskSummary {
        TaskSummary(
            taskId: task.id, workflow: task.workflow.id, startedAt: task.startedAt ?? task.createdAt, currentStep: task.currentStep?.name,
            progress: percent(task.percentage), errors: task.errorCount)
    }

    /// A running task with every step's state, whom the current step waits for and its deadline.
    static func detail(of task: RunningTask) -> RunningTaskView {
        RunningTaskView(
            summary: summary(of: task), workflowVersion: task.workflowVersion, waitingFor: task.waitingFor.sorted(), deadline: task.deadline,
            steps: task.steps.map { step(of: $0, percentage: task.progress.percentage(of: $0)) }, progressTree: task.progressTree.json,
            input: task.input, retryAt: task.pendingRetry?.due)
    }

    /// A step with its state, progress and the subscribers it asked, sorted by id.
    static func step(of record: StepRecord, percentage: Double) -> StepView {
        StepView(
            name: record.name, state: record.state.rawValue, startedAt: record.startedAt, endedAt: record.endedAt, errors: record.errors,
            progress: percent(percentage),
            subscribers: record.subscribers.sorted { $0.key < $1.key }.map { StepView.Subscriber(id: $0.key, answer: $0.value.rawValue) },
            attempts: record.attempts)
    }

    /// A finished run.
    static func history(_ entry: HistoryEntry) -> HistoryEntryView {
        let outcome: HistoryEntryView.Outcome
        let reason: String?
        switch entry.outcome {
        case .success: (outcome, reason) = (.success, nil)
        case .failure(let text): (outcome, reason) = (.failure, text)
        case .stopped(let text): (outcome, reason) = (.stopped, text)
        }
        return HistoryEntryView(
            taskId: entry.taskId, workflow: entry.workflowId, workflowVersion: entry.workflowVersion, startedAt: entry.startedAt,
            finishedAt: entry.finishedAt, duration: seconds(entry.duration), outcome: outcome, reason: reason, errors: entry.errors,
            input: entry.input ?? [:])
    }

    /// A finished run with every step.
    static func finished(_ entry: HistoryEntry) -> FinishedRunView {
        FinishedRunView(entry: history(entry), steps: entry.steps.map { step(of: $0, percentage: $0.state == .pending ? 0 : 100) })
    }

    static func summary(_ summary: HistorySummary) -> HistorySummaryView {
        HistorySummaryView(
            workflow: summary.workflowId, count: summary.count, lastRun: summary.lastRun, runsWithErrors: summary.runsWithErrors,
            averageDuration: seconds(summary.averageDuration))
    }

    static func log(_ entry: TaskLogEntry) -> LogEntryView {
        LogEntryView(at: entry.at, level: entry.level.rawValue, step: entry.step, subscriberId: entry.subscriberId, message: entry.message)
    }

    /// A workflow: its definition (with the passwords of URLs masked), its version and when its
    /// schedule runs it next.
    static func workflow(_ workflow: Workflow, version: Int, scheduledNext: Date?) -> WorkflowView {
        WorkflowView(
            id: masked(workflow.id), name: masked(workflow.name), onSurpass: workflow.onSurpass.rawValue,
            environment: workflow.environment.mapValues(masked), triggers: workflow.triggers.map { masked($0.json) },
            steps: workflow.steps.map { masked($0.json) }, version: version, scheduledNext: scheduledNext,
            inputs: workflow.inputs.mapValues(\.json))
    }

    /// A job: its definition (with the passwords of URLs masked), its version and when its
    /// trigger runs it next.
    static func job(_ job: Job, version: Int, scheduledNext: Date?) -> JobView {
        JobView(
            id: masked(job.id), command: masked(job.command), trigger: masked(job.trigger.json),
            wait: job.wait.map { wait in
                JobView.Wait(messageType: masked(wait.messageType), filterData: wait.filter?.mapValues(masked), timeout: wait.timeout)
            }, timeout: job.timeout, active: job.active, version: version, scheduledNext: scheduledNext)
    }

    /// An audit entry.
    static func audit(_ entry: AuditEntry) -> AuditEntryView {
        let record = entry.record
        return AuditEntryView(
            id: entry.id, at: record.at, kind: record.kind.rawValue, action: record.action.rawValue, target: record.target,
            address: record.caller.address, identity: record.caller.identity, change: record.change)
    }

    /// A text as the API shows it: the passwords of the URLs in it masked (`https://user:***@host/...`),
    /// so that a webhook's credentials are never read back.
    static func masked(_ text: String) -> String {
        URLCredentials.masked(text)
    }

    /// A definition tree with every text masked as `masked(_:)` does.
    static func masked(_ json: JSONValue) -> JSONValue {
        switch json {
        case .string(let text): return .string(masked(text))
        case .array(let values): return .array(values.map(masked))
        case .object(let members): return .object(members.mapValues(masked))
        default: return json
        }
    }
}
