/// One problem in a workflow or job definition: where it is (`steps[3].timeout`) and what is wrong.
public struct DefinitionError: Sendable, Hashable, CustomStringConvertible {
    /// The path of the offending field; empty for the document itself.
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A definition that cannot be used, with every problem found in it.
public struct InvalidDefinition: Error, Sendable, Hashable, CustomStringConvertible {
    public let errors: [DefinitionError]

    public init(errors: [DefinitionError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
