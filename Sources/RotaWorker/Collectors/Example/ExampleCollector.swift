import Foundation
import RotaModel

/// The `example` collector: a small fixed cloud with every expiry case, to try Rota without any
/// cloud account. Deleting removes a resource from memory until the worker restarts.
public struct ExampleCollector: Collector {
    public let name = "example"
    private let cloud: InMemoryCloud

    /// The ids of the resources that are expired but must be protected (`rota up` protects them
    /// through the API), so that cleanup shows a protected resource surviving.
    public static var protectedResourceIDs: Set<String> { ExampleCloud.protectedResourceIDs }

    /// Creates the cloud with creation times and expiry dates measured back from `now`.
    public init(now: Date = Date()) {
        let origin = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        cloud = InMemoryCloud(collector: "example") { ExampleCloud(origin: origin).snapshots() }
    }

    public func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        let snapshots = await cloud.snapshots()
        let regions = ExampleCloud.regions.count
        for snapshot in snapshots {
            feedback.progress("collect", path: [name, snapshot.account], current: regions, total: regions)
        }
        return snapshots
    }

    public func owns(_ resource: Resource) -> Bool { resource.cloud == ExampleCloud.cloud }

    public func delete(_ resource: Resource) async throws {
        try await cloud.delete(id: resource.id)
    }
}
