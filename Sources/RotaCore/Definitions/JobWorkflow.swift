import RotaModel

/// A job runs as a workflow of its own: an optional `wait_for_event` step, then the command,
/// both with `Stop` on error, started by the job's trigger while the job is active, and waiting
/// for itself when triggered while it runs (`Wait`). Its id is the job's with the prefix `job.`,
/// which user workflows cannot use; the workflow id rule admits it for every valid job id.
enum JobWorkflow {
    static let prefix = Job.workflowIdPrefix

    static func id(of jobId: String) -> String { prefix + jobId }

    /// The job's id, when `workflowId` is a job's workflow.
    static func jobId(of workflowId: String) -> String? {
        workflowId.hasPrefix(prefix) ? String(workflowId.dropFirst(prefix.count)) : nil
    }

    static func workflow(for job: Job) -> Workflow {
        var steps: [Step] = []
        if let wait = job.wait {
            steps.append(
                Step(
                    name: "wait_for_\(wait.messageType)", action: .waitForEvent(messageType: wait.messageType, filter: wait.filter ?? [:]),
                    timeout: wait.timeout, onError: .stop))
        }
        steps.append(Step(name: "run", action: .executeCommand(job.command), timeout: job.timeout, onError: .stop))
        return Workflow(id: id(of: job.id), name: job.id, steps: steps, triggers: job.active ? [job.trigger] : [], onSurpass: .wait)
    }
}
