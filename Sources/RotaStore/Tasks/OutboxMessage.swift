import Foundation
import RotaEngine
import RotaModel

/// A message a transition published (an event, an action, an abort), stored in the same
/// transaction as the state that caused it and kept until it has been published, so that a crash
/// between the commit and the publish loses nothing: the core publishes what is left on start.
public struct OutboxMessage: Sendable, Hashable {
    /// The message's stable id; an event carries it as its `id`, so that an actor that sees the
    /// same event twice (published, then published again after a crash) can tell.
    public var id: String
    /// The order the messages were published in; later ones have higher positions.
    public var position: Int64
    /// The message as it goes on the wire.
    public var frame: String
    /// The run that published it; nil for the core's own messages.
    public var originTask: TaskId?
    /// The workflow of that run.
    public var originWorkflow: String?
    /// The cascade an event carries: the runs it starts continue it.
    public var cascade: Cascade

    public init(id: String, position: Int64, message: Message, originTask: TaskId?, originWorkflow: String?, cascade: Cascade) {
        self.id = id
        self.position = position
        frame = message.jsonText
        self.originTask = originTask
        self.originWorkflow = originWorkflow
        self.cascade = cascade
    }

    /// The stored message, read back from its frame.
    public func message() throws(MessageDecodingError) -> Message {
        try Message(jsonText: frame)
    }
}
