import RotaModel

/// Why a definition was not taken.
public enum DefinitionRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The definition has these problems, each with its path.
    case invalid([DefinitionError])
    /// The change is not allowed (a default workflow's steps, say), for the reason given.
    case forbidden(String)
    /// No definition has this id.
    case notFound(String)
    /// The change could not be stored, so nothing changed.
    case notStored(StoreUnavailable)

    public var description: String {
        switch self {
        case .invalid(let errors): return errors.map(\.description).joined(separator: "; ")
        case .forbidden(let reason), .notFound(let reason): return reason
        case .notStored(let unavailable): return unavailable.reason
        }
    }
}

extension DefinitionRejection: APIRefusal {
    /// An invalid definition is a 400 with every problem, a forbidden change a 403, an unknown id
    /// a 404, and a change that could not be stored a 503.
    public var apiError: APIError {
        switch self {
        case .invalid(let problems):
            let message = problems.count == 1 ? "the definition has a problem" : "the definition has \(problems.count) problems"
            return APIError(.badRequest, "invalid_definition", "\(message): \(self)", path: problems.first?.path, problems: problems)
        case .forbidden(let reason): return APIError(.forbidden, "forbidden", reason)
        case .notFound(let reason): return APIError.notFound(reason)
        case .notStored(let unavailable): return unavailable.apiError
        }
    }
}
