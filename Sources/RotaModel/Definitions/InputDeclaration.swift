/// One input a workflow declares under `inputs`: the JSON type a run's value must have, whether a
/// run must give it, and what it is for. A run started with an input the workflow does not declare,
/// without a required one, or with one of another type is refused (`Workflow.inputErrors`).
public struct InputDeclaration: Sendable, Hashable {
    /// The JSON types an input may be declared with.
    public enum ValueType: String, Sendable, Hashable, CaseIterable {
        case string, number, integer, boolean, object, array

        /// The type in an error message, with its article: "a string", "an integer".
        var phrase: String {
            switch self {
            case .integer, .object, .array: return "an \(rawValue)"
            case .string, .number, .boolean: return "a \(rawValue)"
            }
        }

        /// Whether `value` is of this type. A number without a fraction (`3`, `3.0`) is an integer.
        public func admits(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.boolean, .bool), (.object, .object), (.array, .array), (.number, .int), (.number, .double), (.integer, .int):
                return true
            case (.integer, .double(let number)):
                return number.isFinite && number.rounded() == number
            default:
                return false
            }
        }
    }

    /// The most inputs a workflow may declare.
    public static let maximumCount = 64
    /// The longest name of an input, in bytes.
    public static let maximumNameBytes = 64
    /// The longest description of an input, in UTF-8 bytes.
    public static let maximumDescriptionBytes = 1_024

    public var type: ValueType
    /// Whether a run must give the input; an optional input may be left out.
    public var required: Bool
    /// What the input is for, for people reading the workflow.
    public var description: String?

    public init(type: ValueType, required: Bool = false, description: String? = nil) {
        self.type = type
        self.required = required
        self.description = description
    }

    /// The declaration's JSON, as written under `inputs` in a definition.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["type": .string(type.rawValue), "required": .bool(required)]
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// Whether `name` can name an input: an ASCII letter or `_`, then letters, digits and `_`, at
    /// most `maximumNameBytes` long, so that it can be written in a placeholder `@input.NAME@`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= maximumNameBytes else { return false }
        let isLetter = { (scalar: Unicode.Scalar) in ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }
}

extension DefinitionReader {
    /// Reads a workflow's `inputs`: an object of at most `InputDeclaration.maximumCount` inputs,
    /// each named as `InputDeclaration.isValidName` says and declared as `{type, required,
    /// description}`; missing or null is none.
    mutating func inputDeclarations(_ value: JSONValue?, at path: String) -> [String: InputDeclaration]? {
        let members: [String: JSONValue]
        switch value {
        case nil, .null?: return [:]
        case .object(let object)?: members = object
        case let other?:
            fail(path, "must be an object of inputs by name, not \(other.typeName)")
            return nil
        }
        guard members.count <= InputDeclaration.maximumCount else {
            fail(path, "declares \(members.count) inputs; at most \(InputDeclaration.maximumCount) are allowed")
            return nil
        }
        var declarations: [String: InputDeclaration] = [:]
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            let inputPath = Self.join(path, name)
            guard InputDeclaration.isValidName(name) else {
                fail(
                    inputPath,
                    "\"\(name)\" is not a valid input name: use up to \(InputDeclaration.maximumNameBytes) letters, digits and '_', starting with a letter or '_'"
                )
                continue
            }
            if let declaration = inputDeclaration(value, at: inputPath) { declarations[name] = declaration }
        }
        return declarations.count == members.count ? declarations : nil
    }

    /// Reads one input's declaration: `type` (required), `required` (false when missing) and `description`.
    private mutating func inputDeclaration(_ value: JSONValue, at path: String) -> InputDeclaration? {
        guard let object = object(value, at: path, keys: ["type", "required", "description"]) else { return nil }
        let required = bool(object, "required", at: path, default: false)
        let description = string(object, "description", at: path, required: false, maximumBytes: InputDeclaration.maximumDescriptionBytes)
        guard let typeName = string(object, "type", at: path) else { return nil }
        guard let type = InputDeclaration.ValueType(rawValue: typeName) else {
            let names = InputDeclaration.ValueType.allCases.map(\.rawValue).joined(separator: ", ")
            fail(Self.join(path, "type"), "\"\(typeName)\" is not one of \(names)")
            return nil
        }
        return InputDeclaration(type: type, required: required, description: description)
    }
}
