import RotaModel

/// What an actor does for one message type: the handler, and the subscription the core is told of.
struct ActionHandler: Sendable {
    let messageType: String
    let timeout: Duration
    let waitForCompletion: Bool
    let perform: @Sendable (ActionContext) async throws -> Void

    /// The subscription as `PUT /subscriber/{id}` takes it.
    var subscription: JSONValue {
        [
            "message_type": .string(messageType), "wait_for_completion": .bool(waitForCompletion),
            "timeout": .number(timeout.seconds),
        ]
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
