import Foundation

/// One cloud resource as a collector reports it: an instance, a volume, a bucket, a mount.
///
/// `id` is unique within the core, across clouds and accounts. `cloud` and `account` name the
/// snapshot the resource belongs to: a collect replaces each (cloud, account) snapshot whole.
/// On the wire (the JSON lines of `POST /resources/merge` and of `exec` collectors) the keys are
/// `id`, `kind`, `name`, `cloud`, `account`, `region`, `parent`, `tags`, `ctime` (ISO-8601) and
/// `attributes`.
public struct Resource: Sendable, Hashable, Identifiable {
    public var id: String
    /// What it is, e.g. `instance`, `volume`, `bucket`.
    public var kind: String
    /// A name for people; the id when the collector knows none.
    public var name: String
    public var cloud: String
    public var account: String
    public var region: String?
    /// The resource this one belongs to (a volume's instance, say); cleanup deletes children
    /// before their parents.
    public var parent: String?
    public var tags: [String: String]
    /// When the resource was created, if the collector knows.
    public var ctime: Date?
    /// Kind-specific numbers and facts, e.g. `instance_cores`, `instance_memory`, `volume_size`.
    public var attributes: [String: JSONValue]

    public init(
        id: String, kind: String, name: String? = nil, cloud: String, account: String, region: String? = nil,
        parent: String? = nil, tags: [String: String] = [:], ctime: Date? = nil, attributes: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.kind = kind
        self.name = name ?? id
        self.cloud = cloud
        self.account = account
        self.region = region
        self.parent = parent
        self.tags = tags
        self.ctime = ctime
        self.attributes = attributes
    }
}
