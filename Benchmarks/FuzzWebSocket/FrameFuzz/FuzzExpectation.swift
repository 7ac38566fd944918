/// Which socket a generator's frames are meant for; what a correct core answers depends on it.
public enum FuzzTarget: String, Sendable, CaseIterable {
    /// An actor's connection, `/subscriber/{id}/handle`: actors may send every kind but `action`
    /// and `action_abort`.
    case actor
    /// An `/events` connection: only events may be sent.
    case events
}

/// How a correct core answers a message it reads.
public enum MessageAnswer: Sendable, Equatable {
    /// A `message_refused` event on the same socket.
    case refused
    /// The message is taken and published on the bus.
    case published
    /// One of the two; which one depends on what a mutation happened to leave intact.
    case refusedOrPublished
}

/// Whether the core must, may or must not close the connection after a unit.
public enum CloseRule: Sendable, Equatable {
    /// The connection stays open.
    case stays
    /// The unit breaks the protocol: the core closes the connection, with a close frame.
    case closes
    /// Either the core answers as `answer` says or it closes the connection.
    case answersOrCloses
}

/// What a correct core does with one `FuzzUnit`: answer its message (if it carries one),
/// answer each ping with a pong, and close the connection or not.
public struct FuzzExpectation: Sendable, Equatable {
    public var answer: MessageAnswer?
    public var pongs: Int
    public var close: CloseRule

    public init(answer: MessageAnswer? = nil, pongs: Int = 0, close: CloseRule = .stays) {
        self.answer = answer
        self.pongs = pongs
        self.close = close
    }
}
