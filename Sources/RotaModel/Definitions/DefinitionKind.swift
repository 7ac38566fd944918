/// What a definition document defines: a workflow (it has steps) or a job (one command with a
/// trigger). Files and folders of definitions hold both, told apart by their keys.
public enum DefinitionKind: String, Sendable {
    case workflow
    case job

    /// A document with `steps` is a workflow; one without `steps` but with `command` or `trigger`
    /// is a job; anything else is read as a workflow, so that its problems are named as a workflow's.
    public init(of document: JSONValue) {
        guard let object = document.objectValue, object["steps"] == nil else {
            self = .workflow
            return
        }
        self = object["command"] != nil || object["trigger"] != nil ? .job : .workflow
    }
}
