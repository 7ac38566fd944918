import RotaModel

/// Everything a collector saw of one (cloud, account): the core replaces that account's previous
/// snapshot with it, so a resource that is not in it any more is gone.
public struct ResourceSnapshot: Sendable, Hashable {
    public var cloud: String
    public var account: String
    public var resources: [Resource]

    public init(cloud: String, account: String, resources: [Resource]) {
        self.cloud = cloud
        self.account = account
        self.resources = resources
    }
}
