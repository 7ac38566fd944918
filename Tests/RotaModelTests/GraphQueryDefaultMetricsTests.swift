import Testing

@testable import RotaModel

/// The 44 default metrics of fixmetrics 4.2.0 (`fixmetrics/default_metrics.yaml`): every search
/// parses and runs, and over a small inventory a few give the numbers the exporter would serve.
@Suite("Graph query default metrics")
struct GraphQueryDefaultMetricsTests {
    /// Each metric's name and search, copied from fixmetrics 4.2.0's `default_metrics.yaml`.
    static let defaultMetrics: [(name: String, search: String)] = [
        ("access_keys_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, access_key_status as status: sum(1) as access_keys_total): is(access_key)"),
        ("accounts_total", "aggregate(/ancestors.cloud.reported.name as cloud: sum(1) as accounts_total): is(account)"),
        ("autoscaling_groups_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as autoscaling_groups_total): is(autoscaling_group)"),
        ("buckets_quotas_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as buckets_quotas_total): is(bucket_quota)"),
        ("buckets_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as buckets_total): is(bucket)"),
        ("certificates_quotas_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as certificates_quotas_total): is(certificate_quota)"),
        ("certificates_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as certificates_total): is(certificate)"),
        ("cores_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, instance_type as type: sum(instance_cores) as cores_total): is(instance) and instance_status == running"),
        ("databases_bytes", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, db_type as type, instance_type as instance_type: sum(volume_size * 1024 * 1024 * 1024) as databases_bytes): is(database)"),
        ("databases_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, db_type as type, instance_type as instance_type: sum(1) as databases_total): is(database)"),
        ("endpoints_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as endpoints_total): is(endpoint)"),
        ("gateways_quotas_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as gateways_quotas_total): is(gateway_quota)"),
        ("gateways_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as gateways_total): is(gateway)"),
        ("groups_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as groups_total): is(group)"),
        ("health_checks_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as health_checks_total): is(health_check)"),
        ("instance_profiles_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as instance_profiles_total): is(instance_profile)"),
        ("instances_hourly_cost_estimate", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, instance_type as type: sum(/ancestors.instance_type.reported.ondemand_cost) as instances_hourly_cost_estimate): is(instance) and instance_status == running"),
        ("instances_quotas_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, instance_type as type, quota_type as quota_type: sum(quota) as instances_quotas_total): is(instance_quota) and quota >= 0"),
        ("instances_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, instance_type as type, instance_status as status: sum(1) as instances_total): is(instance)"),
        ("ip_addresses_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as ip_addresses_total): is(ip_address)"),
        ("keypairs_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as keypairs_total): is(keypair)"),
        ("load_balancers_quotas_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as load_balancers_quotas_total): is(load_balancer_quota)"),
        ("load_balancers_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, lb_type as type: sum(1) as load_balancers_total): is(load_balancer)"),
        ("memory_bytes", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, instance_type as type: sum(instance_memory * 1024 * 1024 * 1024) as memory_bytes): is(instance) and instance_status == running"),
        ("network_acls_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as network_acls_total): is(network_acl)"),
        ("network_interfaces_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, network_interface_status as status: sum(1) as network_interfaces_total): is(network_interface)"),
        ("networks_quotas_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as networks_quotas_total): is(network_quota)"),
        ("networks_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as networks_total): is(network)"),
        ("peering_connections_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as peering_connections_total): is(peering_connection)"),
        ("policies_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as policies_total): is(policy)"),
        ("reserved_instances_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, instance_type as type, quota_type as quota_type: sum(reservations) as reserved_instances_total): is(instance_type) and reservations >= 0"),
        ("roles_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as roles_total): is(role)"),
        ("routing_tables_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as routing_tables_total): is(routing_table)"),
        ("security_groups_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as security_groups_total): is(security_group)"),
        ("snapshots_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, snapshot_status as status: sum(1) as snapshots_total): is(snapshot)"),
        ("snapshots_volumes_bytes", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, snapshot_status as status: sum(volume_size * 1024 * 1024 * 1024) as snapshots_volumes_bytes): is(snapshot)"),
        ("stacks_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as stacks_total): is(stack)"),
        ("subnets_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as subnets_total): is(subnet)"),
        ("tunnels_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as tunnels_total): is(tunnel)"),
        ("users_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region: sum(1) as users_total): is(user)"),
        ("volume_bytes", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, volume_type as type, volume_status as status: sum(volume_size * 1024 * 1024 * 1024) as volume_bytes): is(volume)"),
        ("volumes_monthly_cost_estimate", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, volume_type as type, volume_status as status: sum(/ancestors.volume_type.reported.ondemand_cost) as volumes_monthly_cost_estimate): is(volume)"),
        ("volumes_quotas_bytes", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, volume_type as type: sum(quota * 1024 * 1024 * 1024 * 1024) as volumes_quotas_bytes): is(volume_type) and quota >= 0"),
        ("volumes_total", "aggregate(/ancestors.cloud.reported.name as cloud, /ancestors.account.reported.name as account, /ancestors.region.reported.name as region, volume_type as type, volume_status as status: sum(1) as volumes_total): is(volume)"),
    ]

    /// One cloud with two accounts: in prod, three instances of one type (two running), two
    /// volumes of one type, a database and a bucket; in dev, one small running instance.
    static func inventory() -> GraphQueryMemorySource {
        let source = GraphQueryMemorySource(
            kinds: GraphKinds(bases: [
                "graph_root": [], "cloud": [], "aws_account": ["account"], "aws_region": ["region"],
                "aws_ec2_instance_type": ["instance_type"], "instance_type": ["type"], "aws_ec2_instance": ["instance"],
                "aws_ec2_volume_type": ["volume_type"], "volume_type": ["type"], "aws_ec2_volume": ["volume"],
                "aws_rds_instance": ["database"], "aws_s3_bucket": ["bucket"],
            ]))
        source.add("root", "graph_root")
        source.add("aws", "cloud", ["name": "aws"])
        source.connect("root", "aws")
        for (account, region) in [("prod", "us-east-1"), ("dev", "eu-west-1")] {
            source.add(account, "aws_account", ["name": .string(account)])
            source.add(region, "aws_region", ["name": .string(region)])
            source.connect("aws", account)
            source.connect(account, region)
        }
        source.add("t3.large", "aws_ec2_instance_type", ["instance_type": "t3.large", "ondemand_cost": 0.0832, "reservations": 2])
        source.add("t3.micro", "aws_ec2_instance_type", ["instance_type": "t3.micro", "ondemand_cost": 0.0104])
        source.add("gp2", "aws_ec2_volume_type", ["volume_type": "gp2", "ondemand_cost": 0.1, "quota": 50])
        for (type, region) in [("t3.large", "us-east-1"), ("t3.micro", "eu-west-1"), ("gp2", "us-east-1")] { source.connect(region, type) }
        let instances: [(String, String, String, JSONValue, JSONValue)] = [
            ("i1", "t3.large", "running", 2, 8), ("i2", "t3.large", "running", 2, 8), ("i3", "t3.large", "stopped", 2, 8),
            ("i4", "t3.micro", "running", 1, 0.5),
        ]
        for (id, type, status, cores, memory) in instances {
            source.add(
                id, "aws_ec2_instance",
                ["instance_type": .string(type), "instance_status": .string(status), "instance_cores": cores, "instance_memory": memory])
            source.connect(type == "t3.large" ? "us-east-1" : "eu-west-1", id)
            source.connect(type, id)
        }
        for (id, size, status) in [("v1", 100, "in-use"), ("v2", 20, "available")] as [(String, JSONValue, String)] {
            source.add(id, "aws_ec2_volume", ["volume_size": size, "volume_type": "gp2", "volume_status": .string(status)])
            source.connect("us-east-1", id)
            source.connect("gp2", id)
        }
        source.add("db1", "aws_rds_instance", ["db_type": "postgres", "instance_type": "db.t3.micro", "volume_size": 20])
        source.add("b1", "aws_s3_bucket")
        for id in ["db1", "b1"] { source.connect("us-east-1", id) }
        source.findAncestors()
        return source
    }

    static func rows(_ name: String) throws -> [JSONValue] {
        let search = try #require(defaultMetrics.first { $0.name == name }?.search)
        return try GraphAggregate(parsing: search).run(source: inventory(), section: "reported")
    }

    static func place(_ account: String, _ region: String) -> [String: JSONValue] {
        ["cloud": "aws", "account": .string(account), "region": .string(region)]
    }

    static func group(_ labels: [String: JSONValue], _ more: [String: JSONValue] = [:]) -> JSONValue {
        .object(labels.merging(more) { _, new in new })
    }

    @Test func everyDefaultMetricParsesAndRuns() throws {
        #expect(Self.defaultMetrics.count == 44)
        #expect(Set(Self.defaultMetrics.map(\.name)).count == 44)
        let source = Self.inventory()
        for (name, search) in Self.defaultMetrics {
            let aggregate = try GraphAggregate(parsing: search)
            #expect(aggregate.functions.map(\.name) == [name], "\(name)")
            #expect(aggregate.prefilterKinds(in: source.kinds) != nil, "\(name) reads only its kinds")
            for row in try aggregate.run(source: source, section: "reported") {
                #expect(row["group"]?.objectValue?.keys.contains("cloud") == true, "\(name)")
                #expect(row[name]?.doubleValue != nil, "\(name): \(row)")
            }
        }
    }

    @Test func accountsAreCountedPerCloudByName() throws {
        #expect(try Self.rows("accounts_total") == [["group": ["cloud": "aws"], "accounts_total": 2]])
    }

    @Test func coresAndMemoryOfRunningInstancesAreSummedPerPlaceAndType() throws {
        #expect(try Self.rows("cores_total") == [
            ["group": Self.group(Self.place("dev", "eu-west-1"), ["type": "t3.micro"]), "cores_total": 1],
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "t3.large"]), "cores_total": 4],
        ])
        #expect(try Self.rows("memory_bytes") == [
            ["group": Self.group(Self.place("dev", "eu-west-1"), ["type": "t3.micro"]), "memory_bytes": 536_870_912],
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "t3.large"]), "memory_bytes": 17_179_869_184],
        ])
    }

    @Test func instancesAreCountedByStatus() throws {
        #expect(try Self.rows("instances_total") == [
            ["group": Self.group(Self.place("dev", "eu-west-1"), ["type": "t3.micro", "status": "running"]), "instances_total": 1],
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "t3.large", "status": "running"]), "instances_total": 2],
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "t3.large", "status": "stopped"]), "instances_total": 1],
        ])
    }

    @Test func costsComeFromTheNearestTypeAncestor() throws {
        #expect(try Self.rows("instances_hourly_cost_estimate") == [
            ["group": Self.group(Self.place("dev", "eu-west-1"), ["type": "t3.micro"]), "instances_hourly_cost_estimate": 0.0104],
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "t3.large"]), "instances_hourly_cost_estimate": 0.1664],
        ])
        #expect(try Self.rows("volumes_monthly_cost_estimate") == [
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "gp2", "status": "available"]), "volumes_monthly_cost_estimate": 0.1],
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "gp2", "status": "in-use"]), "volumes_monthly_cost_estimate": 0.1],
        ])
    }

    @Test func sizesAreMultipliedIntoBytes() throws {
        #expect(try Self.rows("volume_bytes") == [
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "gp2", "status": "available"]), "volume_bytes": 21_474_836_480],
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "gp2", "status": "in-use"]), "volume_bytes": 107_374_182_400],
        ])
        #expect(try Self.rows("databases_bytes") == [
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "postgres", "instance_type": "db.t3.micro"]), "databases_bytes": 21_474_836_480]
        ])
        #expect(try Self.rows("volumes_quotas_bytes") == [
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "gp2"]), "volumes_quotas_bytes": 54_975_581_388_800]
        ])
    }

    @Test func filtersOnPropertiesLeaveOutWhatHasNoValue() throws {
        #expect(try Self.rows("reserved_instances_total") == [
            ["group": Self.group(Self.place("prod", "us-east-1"), ["type": "t3.large", "quota_type": nil]), "reserved_instances_total": 2]
        ])
        #expect(try Self.rows("buckets_total") == [["group": .object(Self.place("prod", "us-east-1")), "buckets_total": 1]])
        #expect(try Self.rows("users_total") == [])
    }
}
