/// A subscriber's interest in one message type: whether workflows wait for its answer, and how long.
public struct Subscription: Sendable, Hashable {
    /// The timeout of a subscription that names none, in seconds.
    public static let defaultTimeout: Double = 60

    public var messageType: String
    /// Whether a step performing this message type waits for this subscriber's answer.
    public var waitForCompletion: Bool
    /// Seconds the subscriber may take; it can extend the step's timeout.
    public var timeout: Double

    public init(messageType: String, waitForCompletion: Bool = true, timeout: Double = Subscription.defaultTimeout) {
        self.messageType = messageType
        self.waitForCompletion = waitForCompletion
        self.timeout = timeout
    }
}

extension Subscription: Codable {
    private enum CodingKeys: String, CodingKey {
        case messageType = "message_type"
        case waitForCompletion = "wait_for_completion"
        case timeout
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageType = try container.decode(String.self, forKey: .messageType)
        waitForCompletion = try container.decodeIfPresent(Bool.self, forKey: .waitForCompletion) ?? true
        timeout = try container.decodeIfPresent(Double.self, forKey: .timeout) ?? Self.defaultTimeout
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messageType, forKey: .messageType)
        try container.encode(waitForCompletion, forKey: .waitForCompletion)
        try container.encode(JSONValue.number(timeout), forKey: .timeout)
    }
}
