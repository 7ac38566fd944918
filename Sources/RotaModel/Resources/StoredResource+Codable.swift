/// The resource's keys plus `metadata`, the same JSON as ``ResourceLineEncoder`` writes for a
/// stored resource.
extension StoredResource: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: ResourceCodingKey.self)
        try container.rejectUnknownKeys(ResourceLineDecoder.keys + ["metadata"])
        self.init(
            resource: try Resource(from: container),
            metadata: try container.decode(ResourceMetadata.self, forKey: ResourceCodingKey("metadata")))
    }

    public func encode(to encoder: Encoder) throws {
        try resource.encode(to: encoder)
        var container = encoder.container(keyedBy: ResourceCodingKey.self)
        try container.encode(metadata, forKey: ResourceCodingKey("metadata"))
    }
}
