import Foundation

/// `{"first_seen", "last_seen", "expires", "clean": {"reason", "at"} | null, "cleaned", "protected"}`
/// with ISO-8601 times and null for what is absent.
extension ResourceMetadata: Codable {
    private static let keys = ["first_seen", "last_seen", "expires", "clean", "cleaned", "protected"]

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: ResourceCodingKey.self)
        try container.rejectUnknownKeys(Self.keys)
        func required(_ key: String) throws -> Date {
            guard let date = try container.decodeTime(key) else {
                throw DecodingError.keyNotFound(
                    ResourceCodingKey(key), .init(codingPath: container.codingPath, debugDescription: "\(key) is required"))
            }
            return date
        }
        self.init(
            firstSeen: try required("first_seen"), lastSeen: try required("last_seen"), expires: try container.decodeTime("expires"),
            clean: try container.decodeIfPresent(CleanMark.self, forKey: ResourceCodingKey("clean")),
            cleaned: try container.decodeTime("cleaned"),
            protected: try container.decodeIfPresent(Bool.self, forKey: ResourceCodingKey("protected")) ?? false)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: ResourceCodingKey.self)
        try container.encodeTime(firstSeen, forKey: "first_seen", writesNull: true)
        try container.encodeTime(lastSeen, forKey: "last_seen", writesNull: true)
        try container.encodeTime(expires, forKey: "expires", writesNull: true)
        try container.encode(clean, forKey: ResourceCodingKey("clean"))
        try container.encodeTime(cleaned, forKey: "cleaned", writesNull: true)
        try container.encode(protected, forKey: ResourceCodingKey("protected"))
    }
}
