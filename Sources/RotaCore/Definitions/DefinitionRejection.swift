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
