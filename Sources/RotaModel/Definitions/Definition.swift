/// A document users write (a workflow or a job): read from a JSON tree with every problem
/// reported, written back as the same JSON, and Codable through that JSON.
public protocol Definition: Codable {
    /// The definition's JSON.
    var json: JSONValue { get }

    /// Reads the definition from `value`, reporting problems to `reader`; nil when unusable.
    static func read(_ value: JSONValue, with reader: inout DefinitionReader) -> Self?
}

extension Definition {
    /// Reads and validates a definition tree, throwing every problem found.
    public init(definition: JSONValue) throws(InvalidDefinition) {
        var reader = DefinitionReader()
        let read = Self.read(definition, with: &reader)
        guard let read, reader.errors.isEmpty else { throw InvalidDefinition(errors: reader.errors) }
        self = read
    }

    /// Reads and validates a definition written in JSON or YAML (JSON is YAML).
    public init(text: String) throws(InvalidDefinition) {
        try self.init(definition: try DefinitionDocument.parse(text))
    }

    /// Every problem of this definition, as reading its JSON would report them; empty when valid.
    public var validationErrors: [DefinitionError] {
        var reader = DefinitionReader()
        _ = Self.read(json, with: &reader)
        return reader.errors
    }

    public init(from decoder: Decoder) throws {
        try self.init(definition: try JSONValue(from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        try json.encode(to: encoder)
    }
}
