/// Identifies one trigger of one workflow: the workflow's id and the trigger's position in its
/// list. Its description (`collect_and_cleanup#1`) is the key under which its last fire is stored.
public struct TriggerKey: Sendable, Hashable, CustomStringConvertible {
    public let workflowId: String
    public let index: Int

    public var description: String { "\(workflowId)#\(index)" }
}
