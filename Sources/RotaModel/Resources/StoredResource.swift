/// A resource as the core keeps and returns it: what its collector reported, plus the core's
/// ``ResourceMetadata``. On the wire it is the resource's keys plus `metadata`.
public struct StoredResource: Sendable, Hashable, Identifiable {
    public var resource: Resource
    public var metadata: ResourceMetadata

    public init(resource: Resource, metadata: ResourceMetadata) {
        self.resource = resource
        self.metadata = metadata
    }

    public var id: String { resource.id }
}
