import Foundation
import RotaEngine
import RotaModel
import RotaStore

/// How runs, history and workflows look in the REST API.
enum APIViews {
    static func time(_ date: Date?) -> JSONValue {
        date.map { .string(Timestamp.string($0)) } ?? .null
    }

    static func percent(_ value: Double) -> JSONValue {
        .number((value * 10).rounded() / 10)
    }

    /// A running task in a list: id, workflow, start, current step, progress and error count.
    static func summary(of task: RunningTask) -> JSONValue {
        [
            "task_id": .string(task.id), "workflow": .string(task.workflow.id), "started_at": time(task.startedAt ?? task.createdAt),
            "current_step": task.currentStep.map { .string($0.name) } ?? .null, "progress": percent(task.percentage),
            "errors": .int(Int64(task.errorCount)),
        ]
    }

    /// A running task with every step's state, whom the current step waits for and its deadline.
    static func detail(of task: RunningTask) -> JSONValue {
        guard case .object(var object) = summary(of: task) else { return .null }
        object["state"] = "running"
        object["workflow_version"] = .int(Int64(task.workflowVersion))
        object["waiting_for"] = .array(task.waitingFor.sorted().map(JSONValue.string))
        object["deadline"] = time(task.deadline)
        object["steps"] = .array(task.steps.map { step(of: $0, percentage: task.progress.percentage(of: $0)) })
        object["progress_tree"] = task.progressTree.json
        return .object(object)
    }

    static func step(of record: StepRecord, percentage: Double) -> JSONValue {
        [
            "name": .string(record.name), "state": .string(record.state.rawValue), "started_at": time(record.startedAt),
            "ended_at": time(record.endedAt), "errors": .int(Int64(record.errors)), "progress": percent(percentage),
        ]
    }

    /// A finished run.
    static func history(_ entry: HistoryEntry, withSteps: Bool = false) -> JSONValue {
        var object: [String: JSONValue] = [
            "task_id": .string(entry.taskId), "workflow": .string(entry.workflowId),
            "workflow_version": .int(Int64(entry.workflowVersion)), "started_at": time(entry.startedAt),
            "finished_at": time(entry.finishedAt), "duration": .number((entry.duration * 1000).rounded() / 1000),
            "success": .bool(entry.outcome.isSuccess), "outcome": .string(outcomeName(entry.outcome)),
            "errors": .int(Int64(entry.errors)),
        ]
        switch entry.outcome {
        case .success: break
        case .failure(let reason), .stopped(let reason): object["reason"] = .string(reason)
        }
        if withSteps {
            object["state"] = "finished"
            object["steps"] = .array(entry.steps.map { step(of: $0, percentage: $0.state == .pending ? 0 : 100) })
        }
        return .object(object)
    }

    static func outcomeName(_ outcome: TaskOutcome) -> String {
        switch outcome {
        case .success: return "success"
        case .failure: return "failure"
        case .stopped: return "stopped"
        }
    }

    static func summary(_ summary: HistorySummary) -> JSONValue {
        [
            "workflow": .string(summary.workflowId), "count": .int(Int64(summary.count)), "last_run": time(summary.lastRun),
            "runs_with_errors": .int(Int64(summary.runsWithErrors)),
            "average_duration": .number((summary.averageDuration * 1000).rounded() / 1000),
        ]
    }

    static func log(_ entry: TaskLogEntry) -> JSONValue {
        [
            "at": time(entry.at), "level": .string(entry.level.rawValue), "step": entry.step.map(JSONValue.string) ?? .null,
            "subscriber_id": entry.subscriberId.map(JSONValue.string) ?? .null, "message": .string(entry.message),
        ]
    }

    /// A workflow: its definition (with the passwords of URLs masked), its version and when its
    /// schedule runs it next.
    static func workflow(_ workflow: Workflow, version: Int, scheduledNext: Date?) -> JSONValue {
        guard case .object(var object) = definition(workflow.json) else { return .null }
        object["version"] = .int(Int64(version))
        object["scheduled_next"] = time(scheduledNext)
        return .object(object)
    }

    /// A definition as the API shows it: every text with the passwords of the URLs in it masked
    /// (`https://user:***@host/...`), so that a webhook's credentials are never read back.
    static func definition(_ json: JSONValue) -> JSONValue {
        switch json {
        case .string(let text): return .string(URLCredentials.masked(text))
        case .array(let values): return .array(values.map(definition))
        case .object(let members): return .object(members.mapValues(definition))
        default: return json
        }
    }
}
