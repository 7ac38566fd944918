import Foundation
import RotaModel

/// The `local` collector: this host, read for real from /proc, the file systems and the network
/// interfaces. Cloud `local`, account the host name, region `local`; it never deletes.
///
/// Ids are unique across hosts: `local:<host>:host`, `local:<host>:mount:<mount point>`,
/// `local:<host>:network_interface:<name>`. Mounts and interfaces have the host as parent.
public struct LocalCollector: Collector {
    static let cloud = "local"
    static let region = "local"

    public let name = "local"

    public init() {}

    public func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        let host = try LocalHost.read()
        let path = [name, host.name]
        feedback.progress("collect", path: path, current: 1, total: 3)
        let mounts = try LocalMounts.resources(of: host)
        feedback.progress("collect", path: path, current: 2, total: 3)
        let interfaces = try LocalNetworkInterfaces.resources(of: host)
        feedback.progress("collect", path: path, current: 3, total: 3)
        return [
            ResourceSnapshot(
                cloud: Self.cloud, account: host.name, resources: [host.resource()] + mounts + interfaces)
        ]
    }

    public func owns(_ resource: Resource) -> Bool { resource.cloud == Self.cloud }

    public func delete(_ resource: Resource) async throws {
        throw CollectorError.deleteRefused(collector: name, reason: "the local collector does not delete resources")
    }
}
