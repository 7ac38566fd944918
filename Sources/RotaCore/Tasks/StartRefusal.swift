import RotaModel

/// Why a request to start a workflow was not answered with a stored start.
public enum StartRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No workflow has the id.
    case unknownWorkflow(UnknownWorkflow)
    /// The start (or its refusal by the surpass policy) is not stored within the save timeout.
    case notStored(StoreUnavailable)
    /// The input does not suit the workflow (`Workflow.inputErrors`): these problems, each with its path.
    case invalidInput([DefinitionError])

    public var description: String {
        switch self {
        case .unknownWorkflow(let unknown): return unknown.description
        case .notStored(let unavailable): return unavailable.description
        case .invalidInput(let problems): return problems.map(\.description).joined(separator: "; ")
        }
    }
}
