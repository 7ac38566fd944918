extension Workflow {
    /// The most unknown keys of an input reported one by one; the rest are counted in one problem.
    static let reportedUnknownInputs = 10

    /// Every reason to refuse starting a run of this workflow with `input`, each with its path
    /// (`input.account: is required`); empty when the run may start. An input beyond
    /// `RunInput`'s limits is refused whatever the workflow. A workflow that declares no inputs
    /// takes any object; one that does refuses a missing required input, an input of another
    /// type than declared, and a key it does not declare.
    public func inputErrors(_ input: [String: JSONValue]) -> [DefinitionError] {
        let limitErrors = RunInput.limitErrors(input)
        guard limitErrors.isEmpty else { return limitErrors }
        guard !inputs.isEmpty else { return [] }
        var errors: [DefinitionError] = []
        for (name, declaration) in inputs.sorted(by: { $0.key < $1.key }) {
            let path = "input.\(name)"
            guard let value = input[name] else {
                if declaration.required { errors.append(DefinitionError(path: path, message: "is required")) }
                continue
            }
            guard !declaration.type.admits(value) else { continue }
            let given = declaration.type == .integer && value.doubleValue != nil ? "a number with a fraction" : Self.phrase(of: value)
            errors.append(DefinitionError(path: path, message: "must be \(declaration.type.phrase), not \(given)"))
        }
        let unknown = input.keys.filter { inputs[$0] == nil }.sorted()
        let declared = inputs.keys.sorted().joined(separator: ", ")
        for key in unknown.prefix(Self.reportedUnknownInputs) {
            errors.append(DefinitionError(path: "input.\(key)", message: "is not an input of workflow \(id); it takes \(declared)"))
        }
        if unknown.count > Self.reportedUnknownInputs {
            errors.append(
                DefinitionError(
                    path: "input", message: "has \(unknown.count - Self.reportedUnknownInputs) more keys that are not inputs of workflow \(id)"))
        }
        return errors
    }

    /// A value's JSON type in an error message, with its article: "a number", "an object", "null".
    private static func phrase(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .array, .object: return "an \(value.typeName)"
        default: return "a \(value.typeName)"
        }
    }
}
