import RotaModel

extension Workflow {
    /// Every problem of the workflow definition `value`, as `path: message`; empty when it is valid.
    static func definitionErrors(_ value: JSONValue) -> [String] {
        do {
            _ = try Workflow(definition: value)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }
}
