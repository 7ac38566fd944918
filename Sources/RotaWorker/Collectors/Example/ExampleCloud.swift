import Foundation
import RotaModel

/// The fixed cloud of the `example` collector: cloud `example`, accounts `prod` and `dev`,
/// regions `eu-1`, `us-1` and `ap-1`, with instances, their volumes and buckets.
///
/// Creation times and expiry dates are fixed distances from `origin`, so that what is expired
/// stays expired whenever it runs:
///
/// | id | expiry |
/// |---|---|
/// | `example:dev:instance:build-old` and its volume | `rota:expires` two days ago: expired |
/// | `example:dev:bucket:dev-eu-scratch` | `fix:expiration: 2d`, created ten days ago: expired |
/// | `example:prod:instance:db-legacy` | `rota:expiration: 1w`, created 30 days ago: expired, but protected |
/// | `example:dev:instance:ci-runner` | `rota:expiration: 3d`, created a day ago: not yet |
/// | `example:dev:bucket:dev-ap-tmp` | `rota:expires` in five days: not yet |
/// | `example:prod:bucket:prod-eu-assets` | `expiration: never` |
/// | `example:dev:instance:sandbox` | `rota:expires: soon`: unreadable, ignored |
struct ExampleCloud {
    static let cloud = "example"
    static let accounts = ["prod", "dev"]
    static let regions = ["eu-1", "us-1", "ap-1"]

    /// The resources that `rota up` protects, so that cleanup never deletes them though expired.
    static let protectedResourceIDs: Set<String> = ["example:prod:instance:db-legacy"]

    let origin: Date

    func snapshots() -> [ResourceSnapshot] {
        Self.accounts.map { account in
            ResourceSnapshot(cloud: Self.cloud, account: account, resources: resources(of: account))
        }
    }

    private func resources(of account: String) -> [Resource] {
        switch account {
        case "prod":
            return [
                instance("prod", "eu-1", "web-1", cores: 4, memory: 16, status: "running", age: days(90),
                         tags: ["owner": "web-team", "env": "prod"]),
                volume("prod", "eu-1", "web-1-root", of: "web-1", size: 50, age: days(90)),
                bucket("prod", "eu-1", "prod-eu-assets", objects: 120_000, age: days(400),
                       tags: ["owner": "web-team", "expiration": "never"]),
                instance("prod", "us-1", "db-legacy", cores: 8, memory: 64, status: "running", age: days(30),
                         tags: ["owner": "data-team", "rota:expiration": "1w"]),
                volume("prod", "us-1", "db-legacy-data", of: "db-legacy", size: 500, age: days(30),
                       tags: ["owner": "data-team"]),
                instance("prod", "ap-1", "api-1", cores: 2, memory: 8, status: "running", age: days(60),
                         tags: ["owner": "api-team", "env": "prod"]),
                volume("prod", "ap-1", "api-1-root", of: "api-1", size: 30, age: days(60)),
                bucket("prod", "ap-1", "prod-ap-logs", objects: 3_400_000, age: days(200),
                       tags: ["owner": "api-team"]),
            ]
        default:
            let expired = Timestamp.string(origin.addingTimeInterval(-days(2)), fraction: .asNeeded)
            let upcoming = Timestamp.string(origin.addingTimeInterval(days(5)), fraction: .asNeeded)
            return [
                instance("dev", "eu-1", "build-old", cores: 16, memory: 32, status: "stopped", age: days(20),
                         tags: ["owner": "ci-team", "rota:expires": expired]),
                volume("dev", "eu-1", "build-old-cache", of: "build-old", size: 200, age: days(20),
                       tags: ["owner": "ci-team", "rota:expires": expired]),
                bucket("dev", "eu-1", "dev-eu-scratch", objects: 42, age: days(10),
                       tags: ["owner": "ci-team", "fix:expiration": "2d"]),
                instance("dev", "us-1", "ci-runner", cores: 4, memory: 8, status: "running", age: days(1),
                         tags: ["owner": "ci-team", "rota:expiration": "3d"]),
                volume("dev", "us-1", "ci-runner-root", of: "ci-runner", size: 40, age: days(1)),
                instance("dev", "ap-1", "sandbox", cores: 1, memory: 2, status: "stopped", age: days(5),
                         tags: ["owner": "alice", "rota:expires": "soon"]),
                bucket("dev", "ap-1", "dev-ap-tmp", objects: 7, age: days(2),
                       tags: ["owner": "alice", "rota:expires": upcoming]),
            ]
        }
    }

    private func instance(
        _ account: String, _ region: String, _ name: String, cores: Int64, memory: Int64, status: String,
        age: TimeInterval, tags: [String: String]
    ) -> Resource {
        resource(account, region, "instance", name, parent: nil, age: age, tags: tags, attributes: [
            "instance_cores": .int(cores), "instance_memory": .int(memory), "instance_status": .string(status),
        ])
    }

    private func volume(
        _ account: String, _ region: String, _ name: String, of instance: String, size: Int64, age: TimeInterval,
        tags: [String: String] = [:]
    ) -> Resource {
        resource(account, region, "volume", name, parent: Self.id(account, "instance", instance), age: age, tags: tags,
                 attributes: ["volume_size": .int(size), "volume_type": "ssd", "volume_status": "in-use"])
    }

    private func bucket(
        _ account: String, _ region: String, _ name: String, objects: Int64, age: TimeInterval, tags: [String: String]
    ) -> Resource {
        resource(account, region, "bucket", name, parent: nil, age: age, tags: tags,
                 attributes: ["bucket_objects": .int(objects)])
    }

    private func resource(
        _ account: String, _ region: String, _ kind: String, _ name: String, parent: String?, age: TimeInterval,
        tags: [String: String], attributes: [String: JSONValue]
    ) -> Resource {
        Resource(
            id: Self.id(account, kind, name), kind: kind, name: name, cloud: Self.cloud, account: account,
            region: region, parent: parent, tags: tags, ctime: origin.addingTimeInterval(-age), attributes: attributes)
    }

    private static func id(_ account: String, _ kind: String, _ name: String) -> String {
        "\(cloud):\(account):\(kind):\(name)"
    }

    private func days(_ count: Double) -> TimeInterval { count * 86_400 }
}
