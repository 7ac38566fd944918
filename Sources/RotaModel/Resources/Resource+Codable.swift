import Foundation

/// The same JSON as ``ResourceLineDecoder`` and ``ResourceLineEncoder``, for use with
/// `JSONEncoder` and `JSONDecoder` (HTTP bodies, clients); `cloud` and `account` are required.
extension Resource: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: ResourceCodingKey.self)
        try container.rejectUnknownKeys(ResourceLineDecoder.keys)
        try self.init(from: container)
    }

    /// Reads the resource's keys from `container`, leaving other keys to the caller.
    init(from container: KeyedDecodingContainer<ResourceCodingKey>) throws {
        func nonEmpty(_ key: String) throws -> String {
            let value = try container.decode(String.self, forKey: ResourceCodingKey(key))
            guard !value.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: ResourceCodingKey(key), in: container, debugDescription: "must not be empty")
            }
            return value
        }
        func optional(_ key: String) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: ResourceCodingKey(key))
        }
        self.init(
            id: try nonEmpty("id"), kind: try nonEmpty("kind"), name: try optional("name"), cloud: try nonEmpty("cloud"),
            account: try nonEmpty("account"), region: try optional("region"), parent: try optional("parent"),
            tags: try container.decodeIfPresent([String: String].self, forKey: ResourceCodingKey("tags")) ?? [:],
            ctime: try container.decodeTime("ctime"),
            attributes: try container.decodeIfPresent([String: JSONValue].self, forKey: ResourceCodingKey("attributes")) ?? [:])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: ResourceCodingKey.self)
        try container.encode(id, forKey: ResourceCodingKey("id"))
        try container.encode(kind, forKey: ResourceCodingKey("kind"))
        try container.encode(name, forKey: ResourceCodingKey("name"))
        try container.encode(cloud, forKey: ResourceCodingKey("cloud"))
        try container.encode(account, forKey: ResourceCodingKey("account"))
        try container.encodeIfPresent(region, forKey: ResourceCodingKey("region"))
        try container.encodeIfPresent(parent, forKey: ResourceCodingKey("parent"))
        try container.encode(tags, forKey: ResourceCodingKey("tags"))
        try container.encodeTime(ctime, forKey: "ctime", writesNull: false)
        try container.encode(attributes, forKey: ResourceCodingKey("attributes"))
    }
}
