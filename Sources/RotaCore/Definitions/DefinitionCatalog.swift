import Foundation
import Logging
import RotaEngine
import RotaModel
import RotaStore

/// Owns the definitions: the default workflows with their schedules, the workflows and jobs
/// users made (stored, with versions), and those loaded from files. Every change is validated
/// (every problem with its path), stored, and handed to the task handler at once, so triggers
/// change without a restart while runs already going keep their version.
public actor DefinitionCatalog {
    private let store: any DefinitionStore
    private let taskHandler: TaskHandler
    private let configuredSchedules: [String: CronExpression]
    private let checks: DefinitionChecks
    private let logger: Logger
    private var scheduleOverrides: [String: String] = [:]
    private var workflows: [String: Versioned<Workflow>] = [:]
    private var jobs: [String: Versioned<Job>] = [:]

    public init(
        store: any DefinitionStore, taskHandler: TaskHandler, configuredSchedules: [String: CronExpression], allowShell: Bool, logger: Logger
    ) {
        self.store = store
        self.taskHandler = taskHandler
        self.configuredSchedules = configuredSchedules
        checks = DefinitionChecks(allowShell: allowShell)
        self.logger = logger
    }

    // MARK: - Loading

    /// Reads the stored definitions, then `extra` and `jobs` (definitions from files or code,
    /// stored when new or changed); returns every workflow to run, jobs' workflows included.
    public func load(extra: [Workflow], jobs extraJobs: [Job] = []) async throws -> [Versioned<Workflow>] {
        scheduleOverrides = try await store.scheduleOverrides()
        for workflow in try await store.workflowDefinitions() { workflows[workflow.definition.id] = workflow }
        for job in try await store.jobDefinitions() { jobs[job.definition.id] = job }
        for workflow in extra {
            let errors = problems(of: workflow)
            guard errors.isEmpty else { throw DefinitionRejection.invalid(errors) }
            _ = try await storeWorkflow(workflow)
        }
        for job in extraJobs {
            let errors = problems(of: job)
            guard errors.isEmpty else { throw DefinitionRejection.invalid(errors) }
            _ = try await storeJob(job)
        }
        return defaultWorkflows() + workflows.values.sorted { $0.definition.id < $1.definition.id }
            + jobs.values.sorted { $0.definition.id < $1.definition.id }.map { Versioned(JobWorkflow.workflow(for: $0.definition), version: $0.version) }
    }

    private func defaultWorkflows() -> [Versioned<Workflow>] {
        DefaultWorkflows.all(schedules: effectiveSchedules()).map { Versioned($0, version: 1) }
    }

    private func effectiveSchedules() -> [String: CronExpression] {
        var schedules = configuredSchedules
        for (id, text) in scheduleOverrides {
            schedules[id] = text.isEmpty ? nil : try? CronExpression(parsing: text)
        }
        return schedules
    }

    // MARK: - Workflows

    /// Every workflow users can see (jobs are listed apart), by id.
    public func allWorkflows() -> [Versioned<Workflow>] {
        (defaultWorkflows() + workflows.values).sorted { $0.definition.id < $1.definition.id }
    }

    /// One workflow, default or not.
    public func workflow(_ id: String) -> Versioned<Workflow>? {
        if DefaultWorkflows.ids.contains(id) { return defaultWorkflows().first { $0.definition.id == id } }
        return workflows[id]
    }

    /// Creates or replaces workflow `id` from its definition tree; returns it and whether it is new.
    public func putWorkflow(_ document: JSONValue, id: String) async throws(DefinitionRejection) -> (Versioned<Workflow>, created: Bool) {
        if DefaultWorkflows.ids.contains(id) {
            throw .forbidden("\(id) is a default workflow: its steps cannot be changed; set its schedule with PUT /workflows/\(id)/schedule")
        }
        let workflow = try readWorkflow(document, id: id)
        let created = workflows[id] == nil
        do {
            return (try await storeWorkflow(workflow), created)
        } catch {
            throw .notStored(StoreUnavailable("the workflow \"\(id)\" is unchanged: the change could not be stored: \(error)"))
        }
    }

    /// Reads and checks a workflow definition for `id` without applying it.
    public func readWorkflow(_ document: JSONValue, id: String?) throws(DefinitionRejection) -> Workflow {
        var document = document
        var errors: [DefinitionError] = []
        if case .object(var members) = document, let id {
            switch members["id"] {
            case nil: members["id"] = .string(id)
            case .string(id)?: break
            case let other?: errors.append(DefinitionError(path: "id", message: "is \(other) but the URL names \"\(id)\"; they must agree"))
            }
            document = .object(members)
        }
        errors += checks.commandProblems(inWorkflow: document)
        do {
            let workflow = try Workflow(definition: document)
            errors += checks.idProblems(ofWorkflow: workflow.id)
            guard errors.isEmpty else { throw DefinitionRejection.invalid(errors) }
            return workflow
        } catch let invalid as InvalidDefinition {
            throw .invalid(invalid.errors + errors)
        } catch let rejection as DefinitionRejection {
            throw rejection
        } catch {
            throw .invalid(errors + [DefinitionError(path: "", message: "\(error)")])
        }
    }

    /// Removes workflow `id`; runs already going finish.
    public func deleteWorkflow(_ id: String) async throws(DefinitionRejection) {
        if DefaultWorkflows.ids.contains(id) { throw .forbidden("\(id) is a default workflow and cannot be deleted") }
        guard workflows[id] != nil else { throw .notFound("no workflow has the id \"\(id)\"") }
        do {
            _ = try await store.deleteWorkflow(id)
        } catch {
            throw .notStored(StoreUnavailable("the workflow \"\(id)\" is not removed: removing it could not be stored: \(error)"))
        }
        workflows.removeValue(forKey: id)
        await taskHandler.remove(id)
    }

    /// Sets the cron schedule of a default workflow (nil for none), kept across restarts; it
    /// wins over the configured schedule until `resetSchedule` is called.
    public func setSchedule(_ text: String?, of id: String) async throws(DefinitionRejection) -> Versioned<Workflow> {
        guard DefaultWorkflows.ids.contains(id) else {
            if workflows[id] != nil { throw .forbidden("\(id) is not a default workflow: change the triggers in its definition (PUT /workflows/\(id))") }
            throw .notFound("no workflow has the id \"\(id)\"")
        }
        if let text {
            guard text.utf8.count <= DefinitionLimits.cronExpressionBytes else {
                throw .invalid([
                    DefinitionError(
                        path: "cron_expression", message: "is \(text.utf8.count) bytes long; at most \(DefinitionLimits.cronExpressionBytes) are allowed")
                ])
            }
            do {
                let expression = try CronExpression(parsing: text)
                guard expression.isSatisfiable else { throw DefinitionRejection.invalid([DefinitionError(path: "cron_expression", message: "\"\(text)\" never fires")]) }
            } catch let rejection as DefinitionRejection {
                throw rejection
            } catch {
                throw .invalid([DefinitionError(path: "cron_expression", message: "\(error)")])
            }
        }
        return try await applySchedule(text ?? "", of: id)
    }

    /// Forgets the schedule set through the API: the configured one applies again.
    public func resetSchedule(of id: String) async throws(DefinitionRejection) -> Versioned<Workflow> {
        guard DefaultWorkflows.ids.contains(id) else { throw .notFound("\(id) is not a default workflow") }
        return try await applySchedule(nil, of: id)
    }

    private func applySchedule(_ text: String?, of id: String) async throws(DefinitionRejection) -> Versioned<Workflow> {
        do {
            try await store.saveScheduleOverride(text, of: id)
        } catch {
            throw .notStored(StoreUnavailable("the schedule of \"\(id)\" is unchanged: the change could not be stored: \(error)"))
        }
        scheduleOverrides[id] = text
        guard let workflow = workflow(id) else { throw .notFound(id) }
        await taskHandler.define(workflow.definition, version: workflow.version)
        return workflow
    }

    private func storeWorkflow(_ workflow: Workflow) async throws -> Versioned<Workflow> {
        if let existing = workflows[workflow.id], existing.definition == workflow { return existing }
        let versioned = Versioned(workflow, version: (workflows[workflow.id]?.version ?? 0) + 1)
        try await store.saveWorkflow(versioned)
        workflows[workflow.id] = versioned
        await taskHandler.define(workflow, version: versioned.version)
        return versioned
    }

    // MARK: - Jobs

    /// Every job, by id.
    public func allJobs() -> [Versioned<Job>] {
        jobs.values.sorted { $0.definition.id < $1.definition.id }
    }

    /// One job.
    public func job(_ id: String) -> Versioned<Job>? {
        jobs[id]
    }

    /// Creates or replaces job `id` from its definition tree; returns it and whether it is new.
    public func putJob(_ document: JSONValue, id: String) async throws(DefinitionRejection) -> (Versioned<Job>, created: Bool) {
        var document = document
        var errors: [DefinitionError] = []
        if case .object(var members) = document {
            switch members["id"] {
            case nil: members["id"] = .string(id)
            case .string(id)?: break
            case let other?: errors.append(DefinitionError(path: "id", message: "is \(other) but the URL names \"\(id)\"; they must agree"))
            }
            document = .object(members)
        }
        let job: Job
        do {
            job = try Job(definition: document)
        } catch {
            throw .invalid(error.errors + errors + checks.problems(ofJob: document))
        }
        errors += problems(of: job)
        guard errors.isEmpty else { throw .invalid(errors) }
        let created = jobs[id] == nil
        return (try await storeJob(job), created)
    }

    /// Turns a job's trigger on or off.
    public func setActive(_ active: Bool, job id: String) async throws(DefinitionRejection) -> Versioned<Job> {
        guard var job = jobs[id]?.definition else { throw .notFound("no job has the id \"\(id)\"") }
        job.active = active
        return try await storeJob(job)
    }

    /// Removes job `id`; a run already going finishes.
    public func deleteJob(_ id: String) async throws(DefinitionRejection) {
        guard jobs[id] != nil else { throw .notFound("no job has the id \"\(id)\"") }
        do {
            _ = try await store.deleteJob(id)
        } catch {
            throw .notStored(StoreUnavailable("the job \"\(id)\" is not removed: removing it could not be stored: \(error)"))
        }
        jobs.removeValue(forKey: id)
        await taskHandler.remove(JobWorkflow.id(of: id))
    }

    private func storeJob(_ job: Job) async throws(DefinitionRejection) -> Versioned<Job> {
        if let existing = jobs[job.id], existing.definition == job { return existing }
        let versioned = Versioned(job, version: (jobs[job.id]?.version ?? 0) + 1)
        do {
            try await store.saveJob(versioned)
        } catch {
            throw .notStored(StoreUnavailable("the job \"\(job.id)\" is unchanged: the change could not be stored: \(error)"))
        }
        jobs[job.id] = versioned
        await taskHandler.define(JobWorkflow.workflow(for: job), version: versioned.version)
        return versioned
    }

    // MARK: - Checks

    /// Every problem of a workflow built in code or read from a file.
    nonisolated func problems(of workflow: Workflow) -> [DefinitionError] {
        workflow.validationErrors + checks.problems(ofWorkflow: workflow.json)
    }

    /// Every problem of a job read from a file, beyond those reading it finds.
    nonisolated func problems(of job: Job) -> [DefinitionError] {
        checks.problems(ofJob: job.json)
    }
}
