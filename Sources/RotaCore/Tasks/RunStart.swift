import RotaModel

/// What a request to start a workflow led to, under the workflow's surpass policy.
public enum RunStart: Sendable, Hashable {
    /// A run started with this id.
    case started(TaskId)
    /// A run is active; the new one, with this id, starts when it ends (`Wait`).
    case queued(TaskId)
    /// A run is active and the request was dropped (`Skip`, or `Wait` with a run already waiting).
    case skipped

    /// The new run's id, when one started or was queued.
    public var taskId: TaskId? {
        switch self {
        case .started(let id), .queued(let id): return id
        case .skipped: return nil
        }
    }
}

/// A workflow id that names no workflow.
public struct UnknownWorkflow: Error, Sendable, Hashable, CustomStringConvertible {
    public let id: String

    public var description: String { "no workflow has the id \"\(id)\"" }
}
