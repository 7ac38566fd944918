import Foundation
import RotaModel

/// The `random` collector: a synthetic cloud of any size, to load Rota with many resources.
/// Deleting removes a resource from memory until the worker restarts.
public struct RandomCollector: Collector {
    /// The number of resources when none is given.
    public static let defaultSize = 1000
    /// The seed when none is given.
    public static let defaultSeed: UInt64 = 1
    /// The largest size accepted, so that a typing mistake cannot exhaust memory.
    public static let maximumSize = 10_000_000

    public let name = "random"
    public let size: Int
    public let seed: UInt64
    private let cloud: InMemoryCloud

    /// Creates a cloud of exactly `size` resources (at most `maximumSize`); creation times and
    /// expiry dates are measured back from `now`.
    public init(size: Int = defaultSize, seed: UInt64 = defaultSeed, now: Date = Date()) {
        precondition((0...Self.maximumSize).contains(size), "random cloud size out of range")
        self.size = size
        self.seed = seed
        let origin = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        cloud = InMemoryCloud(collector: "random") { RandomCloud(size: size, seed: seed, origin: origin).snapshots() }
    }

    public func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        let snapshots = await cloud.snapshots()
        let regions = RandomCloud.regions.count
        for snapshot in snapshots {
            feedback.progress("collect", path: [name, snapshot.account], current: regions, total: regions)
        }
        return snapshots
    }

    public func owns(_ resource: Resource) -> Bool { resource.cloud == RandomCloud.cloud }

    public func delete(_ resource: Resource) async throws {
        try await cloud.delete(id: resource.id)
    }
}
