import Foundation
import RotaModel

/// The definitions users made: workflows and jobs with their versions, and the schedules set for
/// the default workflows. They survive a restart of the core.
public protocol DefinitionStore: Sendable {
    /// Every stored workflow with the version of its definition.
    func workflowDefinitions() async throws -> [Versioned<Workflow>]
    /// Stores a workflow in place of its earlier version.
    func saveWorkflow(_ workflow: Versioned<Workflow>) async throws
    /// Removes a workflow; false when there was none.
    func deleteWorkflow(_ id: String) async throws -> Bool
    /// Every stored job with the version of its definition.
    func jobDefinitions() async throws -> [Versioned<Job>]
    /// Stores a job in place of its earlier version.
    func saveJob(_ job: Versioned<Job>) async throws
    /// Removes a job; false when there was none.
    func deleteJob(_ id: String) async throws -> Bool
    /// The schedules set through the API for default workflows, by workflow id; an empty
    /// string means no schedule.
    func scheduleOverrides() async throws -> [String: String]
    /// Sets (or with nil, forgets) the schedule of a default workflow.
    func saveScheduleOverride(_ schedule: String?, of workflowId: String) async throws
}

/// A definition with its version: 1 when first made, one more with every change.
public struct Versioned<Definition: Sendable & Hashable>: Sendable, Hashable {
    public var definition: Definition
    public var version: Int

    public init(_ definition: Definition, version: Int) {
        self.definition = definition
        self.version = version
    }
}
