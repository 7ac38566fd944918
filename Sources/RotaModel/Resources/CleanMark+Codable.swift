/// `{"reason": "...", "at": "<ISO-8601>"}`.
extension CleanMark: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: ResourceCodingKey.self)
        try container.rejectUnknownKeys(["reason", "at"])
        guard let at = try container.decodeTime("at") else {
            throw DecodingError.keyNotFound(ResourceCodingKey("at"), .init(codingPath: container.codingPath, debugDescription: "at is required"))
        }
        self.init(reason: try container.decode(String.self, forKey: ResourceCodingKey("reason")), at: at)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: ResourceCodingKey.self)
        try container.encode(reason, forKey: ResourceCodingKey("reason"))
        try container.encodeTime(at, forKey: "at", writesNull: true)
    }
}
