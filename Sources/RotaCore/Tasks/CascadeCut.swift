import RotaEngine
import RotaModel

/// A run not started because it would be deeper than `cascade_depth` in a cascade of runs that
/// start one another (two jobs on each other's `task_end`, say).
public struct CascadeCut: Error, Sendable, Hashable, CustomStringConvertible {
    /// The workflow whose run was not started.
    public let workflow: String
    /// The runs that led to it.
    public let cascade: Cascade
    /// The deepest run the core starts.
    public let limit: Int

    public var description: String {
        "workflow \(workflow) not started at depth \(cascade.depth) after \(cascade): runs may start one another at most \(limit) deep (cascade_depth)"
    }

    /// The `error` event that says which chain was cut. It carries the cascade with the workflow
    /// not started at its end, so that whatever it triggers is deeper still and cut without a
    /// notice of its own.
    var notice: Event {
        let cut = cascade.continued(by: workflow)
        return cut.stamped(on: Event(messageType: "error", data: ["workflow": .string(workflow), "message": .string(description)]))
    }
}
