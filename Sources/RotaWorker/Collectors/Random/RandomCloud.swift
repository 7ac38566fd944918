import Foundation
import RotaModel

/// The synthetic cloud of the `random` collector: exactly `size` resources (instances with up to
/// two volumes each, and buckets) spread over three accounts and four regions, drawn from a
/// seeded generator so that the same size, seed and origin give the same cloud.
///
/// About one resource in twelve carries an expiry tag (`rota:expiration` or `rota:expires`), so
/// cleanup has work to do; creation times lie up to a year before `origin`.
struct RandomCloud {
    static let cloud = "random"
    static let accounts = ["random-1", "random-2", "random-3"]
    static let regions = ["north-1", "south-1", "east-1", "west-1"]

    private static let cores: [Int64] = [1, 2, 4, 8, 16, 32, 64]
    private static let memoryPerCore: [Int64] = [1, 2, 4, 8]
    private static let statuses = ["running", "running", "running", "running", "running", "running", "running",
                                   "stopped", "stopped", "terminated"]
    private static let volumeSizes: [Int64] = [8, 16, 32, 64, 100, 256, 500, 1024, 2048]
    private static let volumeTypes = ["ssd", "hdd"]
    private static let owners = ["alice", "bob", "carol", "dave", "erin", "frank"]
    private static let environments = ["prod", "staging", "dev"]
    private static let expirations = ["30min", "2h", "1d", "3d", "1w", "2w", "never"]

    let size: Int
    let seed: UInt64
    let origin: Date

    /// Every combination of the drawn values, built once and shared by the resources that draw
    /// it, so that a large cloud costs few allocations.
    private let plainTags: [[String: String]]
    private let instanceAttributes: [[String: JSONValue]]
    private let volumeAttributes: [[String: JSONValue]]

    init(size: Int, seed: UInt64, origin: Date) {
        self.size = size
        self.seed = seed
        self.origin = origin
        plainTags = Self.owners.flatMap { owner in Self.environments.map { ["owner": owner, "env": $0] } }
        instanceAttributes = Self.cores.flatMap { cores in
            Self.memoryPerCore.flatMap { memory in
                Self.statuses.map { status -> [String: JSONValue] in
                    ["instance_cores": .int(cores), "instance_memory": .int(cores * memory),
                     "instance_status": .string(status)]
                }
            }
        }
        volumeAttributes = Self.volumeSizes.flatMap { size in
            Self.volumeTypes.map { type -> [String: JSONValue] in
                ["volume_size": .int(size), "volume_type": .string(type), "volume_status": "in-use"]
            }
        }
    }

    func snapshots() -> [ResourceSnapshot] {
        var generator = SplitMix64(seed: seed)
        var resources = Array(repeating: [Resource](), count: Self.accounts.count)
        for index in resources.indices {
            resources[index].reserveCapacity(size / Self.accounts.count + 3)
        }
        var count = 0
        var serial = 0
        while count < size {
            let index = generator.below(Self.accounts.count)
            let account = Self.accounts[index]
            let region = Self.regions[generator.below(Self.regions.count)]
            let tags = tags(&generator)
            let ctime = origin.addingTimeInterval(-Double(generator.below(365 * 86_400)))
            serial += 1
            if generator.below(10) < 7 {
                let instance = instance(serial, account, region, tags, ctime, &generator)
                resources[index].append(instance)
                count += 1
                let volumes = min(generator.below(3), size - count)
                for disk in 0..<volumes {
                    resources[index].append(volume(disk, of: instance, &generator))
                }
                count += volumes
            } else {
                resources[index].append(bucket(serial, account, region, tags, ctime, &generator))
                count += 1
            }
        }
        return zip(Self.accounts, resources).map { account, resources in
            ResourceSnapshot(cloud: Self.cloud, account: account, resources: resources)
        }
    }

    private func tags(_ generator: inout SplitMix64) -> [String: String] {
        let owner = generator.below(Self.owners.count)
        var tags = plainTags[owner * Self.environments.count + generator.below(Self.environments.count)]
        switch generator.below(24) {
        case 0:
            tags["rota:expiration"] = generator.pick(Self.expirations)
        case 1:
            let offset = Double(generator.below(60 * 86_400)) - 30 * 86_400
            tags["rota:expires"] = Timestamp.string(origin.addingTimeInterval(offset), fraction: .asNeeded)
        default:
            break
        }
        return tags
    }

    private func instance(
        _ serial: Int, _ account: String, _ region: String, _ tags: [String: String], _ ctime: Date,
        _ generator: inout SplitMix64
    ) -> Resource {
        let cores = generator.below(Self.cores.count)
        let memory = generator.below(Self.memoryPerCore.count)
        let status = generator.below(Self.statuses.count)
        let attributes = (cores * Self.memoryPerCore.count + memory) * Self.statuses.count + status
        return Resource(
            id: "random:\(account):instance:\(serial)", kind: "instance", name: "instance-\(serial)",
            cloud: Self.cloud, account: account, region: region, tags: tags, ctime: ctime,
            attributes: instanceAttributes[attributes])
    }

    private func volume(_ disk: Int, of instance: Resource, _ generator: inout SplitMix64) -> Resource {
        let size = generator.below(Self.volumeSizes.count)
        let type = generator.below(Self.volumeTypes.count)
        return Resource(
            id: "\(instance.id)-disk-\(disk)", kind: "volume", name: "\(instance.name)-disk-\(disk)",
            cloud: Self.cloud, account: instance.account, region: instance.region, parent: instance.id,
            tags: instance.tags, ctime: instance.ctime,
            attributes: volumeAttributes[size * Self.volumeTypes.count + type])
    }

    private func bucket(
        _ serial: Int, _ account: String, _ region: String, _ tags: [String: String], _ ctime: Date,
        _ generator: inout SplitMix64
    ) -> Resource {
        Resource(
            id: "random:\(account):bucket:\(serial)", kind: "bucket", name: "bucket-\(serial)",
            cloud: Self.cloud, account: account, region: region, tags: tags, ctime: ctime,
            attributes: ["bucket_objects": .int(Int64(generator.below(1_000_000)))])
    }
}
