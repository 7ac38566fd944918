import Foundation

/// A cloud as Fix Inventory's worker sends it to `POST /graph/{graph}/merge`, made up from a
/// seed: a `graph_root`, one `cloud`, its accounts, their regions, and in each region networks,
/// subnets, security groups, buckets, instances and their volumes, each node with a `reported`
/// section of a dozen attributes and its `metadata.python_type`. Default edges run
/// root → cloud → account → region → resource and network → subnet → instance → volume; delete
/// edges tie volumes and subnets to their instances; each account adds two deferred edges, one
/// naming its nodes by id and one naming its end by a search (`is(kind) and reported.id = ...`).
///
/// The same graph is sent either as one merge replacing the cloud, or as one merge per account
/// replacing that account, as a collector that sends its accounts apart does.
struct SyntheticGraph {
    /// Which nodes carry `metadata.replace: true`, and so how the graph is split into merges.
    enum Replace: String, CaseIterable {
        case cloud
        case account
    }

    /// One merge's body, with the node lines it holds that the merge stores (all but the
    /// `graph_root`) and the deferred edges it sends.
    struct Merge: Sendable {
        let lines: [UInt8]
        let storedNodes: Int
        let deferredEdges: Int
    }

    /// The node lines of the whole graph, `graph_root` and cloud included.
    let nodeCount: Int
    let accounts: Int
    let regionsPerAccount: Int
    /// Whether one deferred edge of each account names its end by a search.
    let searches: Bool
    let seed: UInt64

    /// A graph of `nodeCount` nodes (at least enough for its root, cloud, accounts and regions).
    init(nodeCount: Int, accounts: Int, regionsPerAccount: Int, searches: Bool = true, seed: UInt64 = 7) {
        self.accounts = max(1, accounts)
        self.searches = searches
        self.regionsPerAccount = max(1, regionsPerAccount)
        self.nodeCount = max(nodeCount, 2 + self.accounts * (1 + self.regionsPerAccount))
        self.seed = seed
    }

    /// The merges that send the graph with replace nodes `replace`.
    func merges(replace: Replace) -> [Merge] {
        var writer = SyntheticGraphWriter(seed: seed)
        let root = writer.nodeId()
        let cloud = writer.nodeId()
        let rootLine = writer.nodeLine(
            id: root, kind: "graph_root", python: "fixlib.baseresources.GraphRoot", category: "management",
            reported: #""id": "root", "tags": {}, "name": "root""#)
        let cloudLine = { (replacing: Bool) in
            writer.nodeLine(
                id: cloud, kind: "cloud", python: "fixlib.baseresources.Cloud", category: "management",
                reported: #""id": "aws", "tags": {}, "name": "aws""#, replace: replacing)
        }
        let blocks = (0..<accounts).map { account in
            AccountBlock(
                account: account, resources: resourceCount(of: account), regions: regionsPerAccount, seed: seed,
                replace: replace == .account, searches: searches)
        }
        switch replace {
        case .cloud:
            var lines = rootLine + cloudLine(true)
            var edges = SyntheticGraphWriter.edgeLine(from: root, to: cloud)
            var deferred: [UInt8] = []
            for block in blocks {
                lines += block.nodes
                edges += SyntheticGraphWriter.edgeLine(from: cloud, to: block.accountId)
                edges += block.edges
                deferred += block.deferredEdges
            }
            return [
                Merge(
                    lines: lines + edges + deferred, storedNodes: nodeCount - 1,
                    deferredEdges: blocks.map(\.deferredEdgeCount).reduce(0, +))
            ]
        case .account:
            return blocks.map { block in
                let lines = rootLine + cloudLine(false) + block.nodes + SyntheticGraphWriter.edgeLine(from: root, to: cloud)
                    + SyntheticGraphWriter.edgeLine(from: cloud, to: block.accountId) + block.edges + block.deferredEdges
                return Merge(lines: lines, storedNodes: 1 + block.nodeCount, deferredEdges: block.deferredEdgeCount)
            }
        }
    }

    /// The resources (nodes below regions) of account `account`: the graph's share out evenly.
    private func resourceCount(of account: Int) -> Int {
        let resources = nodeCount - 2 - accounts * (1 + regionsPerAccount)
        return resources / accounts + (account < resources % accounts ? 1 : 0)
    }
}

/// One account of the synthetic graph: its node lines, edge lines and deferred edge lines,
/// made from the graph's seed and the account's number alone, so that both ways of sending the
/// graph send the same nodes.
struct AccountBlock {
    let accountId: String
    private(set) var nodes: [UInt8] = []
    private(set) var edges: [UInt8] = []
    private(set) var deferredEdges: [UInt8] = []
    /// The node lines of the block: the account, its regions and their resources.
    private(set) var nodeCount = 0
    private(set) var deferredEdgeCount = 0

    /// The regions AWS had when this was written, used in turn.
    private static let regionNames = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
        "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1",
    ]

    /// The block of account number `account`; with `replace`, the account node carries
    /// `metadata.replace: true`; with `searches`, its second deferred edge names its end by a
    /// search rather than by node id.
    init(account: Int, resources: Int, regions: Int, seed: UInt64, replace: Bool, searches: Bool) {
        var writer = SyntheticGraphWriter(seed: seed &+ UInt64(account + 1) &* 0x1000_0000_01B3)
        accountId = writer.nodeId()
        let accountNumber = String(format: "%012d", 100_000_000_000 + account * 7_919)
        append(
            writer.nodeLine(
                id: accountId, kind: "aws_account", python: "fix_plugin_aws.resource.base.AwsAccount", category: "management",
                reported: #"""
                    "id": "\#(accountNumber)", "tags": {}, "name": "account-\#(account)", "ctime": "\#(writer.time())", \#
                    "account_alias": "team-\#(account)", "role": "FixAccess", "profile": null, "account_users": \#(writer.count(200)), \#
                    "account_groups": \#(writer.count(40)), "account_mfa_devices": \#(writer.count(50)), \#
                    "account_max_password_age": 90, "account_minimum_password_length": 14, "account_require_symbols": true
                    """#, replace: replace))
        let searched = "i-\(accountNumber.suffix(6))00000000000"
        var instances: [String] = []
        for region in 0..<regions {
            let regionId = writer.nodeId()
            let name = Self.regionNames[region % Self.regionNames.count] + (region < Self.regionNames.count ? "" : "-\(region)")
            append(
                writer.nodeLine(
                    id: regionId, kind: "aws_region", python: "fix_plugin_aws.resource.base.AwsRegion", category: "management",
                    reported: #""id": "\#(name)", "tags": {}, "name": "\#(name)", "ctime": "\#(writer.time())", "long_name": "\#(name)""#))
            edges += SyntheticGraphWriter.edgeLine(from: accountId, to: regionId)
            let share = resources / regions + (region < resources % regions ? 1 : 0)
            var region = RegionWriter(regionId: regionId, regionName: name, firstInstance: searched, budget: share)
            region.write(with: &writer, into: &self, instances: &instances)
        }
        if let first = instances.first, let last = instances.last, first != last {
            deferredEdges += Array(
                #"{"from_selector": {"node_id": "\#(first)"}, "to_selector": {"node_id": "\#(last)"}, "edge_type": "default"}"#.utf8)
            deferredEdges.append(0x0A)
            let target =
                searches
                ? #"{"search_criteria": "is(aws_ec2_instance) and reported.id = \"\#(searched)\""}"# : #"{"node_id": "\#(first)"}"#
            deferredEdges += Array(#"{"from_selector": {"node_id": "\#(last)"}, "to_selector": \#(target), "edge_type": "delete"}"#.utf8)
            deferredEdges.append(0x0A)
            deferredEdgeCount = 2
        }
    }

    /// Adds a node line.
    mutating func append(_ line: [UInt8]) {
        nodes += line
        nodeCount += 1
    }

    /// Adds a default edge, or an edge of `type`.
    mutating func edge(from: String, to: String, type: String? = nil) {
        edges += SyntheticGraphWriter.edgeLine(from: from, to: to, type: type)
    }
}

/// The resources of one region, written until its budget of nodes is spent: a network with
/// subnets and security groups, buckets, and instances with their volumes.
private struct RegionWriter {
    let regionId: String
    let regionName: String
    /// `reported.id` of the account's first instance, the one its searched deferred edge finds.
    let firstInstance: String
    var budget: Int

    mutating func write(with writer: inout SyntheticGraphWriter, into block: inout AccountBlock, instances: inout [String]) {
        var networks: [String] = []
        var subnets: [String] = []
        var groups: [String] = []
        var written = 0
        while budget > 0 {
            let id = writer.nodeId()
            let tags = writer.tags()
            let ctime = writer.time()
            let sequence = writer.hex(8)
            if networks.isEmpty || written % 2_000 == 0 {
                block.append(
                    writer.nodeLine(
                        id: id, kind: "aws_vpc", python: "fix_plugin_aws.resource.ec2.AwsEc2Vpc", category: "networking",
                        reported: #"""
                            "id": "vpc-\#(sequence)", "tags": \#(tags), "name": "vpc-\#(sequence)", "ctime": "\#(ctime)", \#
                            "vpc_cidr_block": "10.\#(networks.count % 256).0.0/16", "vpc_is_default": false, "vpc_state": "available", \#
                            "vpc_instance_tenancy": "default", "vpc_dhcp_options_id": "dopt-\#(sequence)", \#
                            "vpc_cidr_block_association_set": [{"cidr_block": "10.\#(networks.count % 256).0.0/16", \#
                            "cidr_block_state": "associated"}]
                            """#))
                block.edge(from: regionId, to: id)
                networks.append(id)
            } else if subnets.isEmpty || written % 500 == 1 {
                block.append(
                    writer.nodeLine(
                        id: id, kind: "aws_ec2_subnet", python: "fix_plugin_aws.resource.ec2.AwsEc2Subnet", category: "networking",
                        reported: #"""
                            "id": "subnet-\#(sequence)", "tags": \#(tags), "name": "subnet-\#(sequence)", "ctime": "\#(ctime)", \#
                            "subnet_availability_zone": "\#(regionName)a", "subnet_available_ip_address_count": \#(writer.count(250)), \#
                            "subnet_cidr_block": "10.0.\#(subnets.count % 256).0/24", "subnet_default_for_az": false, \#
                            "subnet_map_public_ip_on_launch": false, "subnet_state": "available", \#
                            "subnet_assign_ipv6_address_on_creation": false
                            """#))
                block.edge(from: regionId, to: id)
                block.edge(from: networks[networks.count - 1], to: id)
                subnets.append(id)
            } else if groups.isEmpty || written % 200 == 2 {
                block.append(
                    writer.nodeLine(
                        id: id, kind: "aws_ec2_security_group", python: "fix_plugin_aws.resource.ec2.AwsEc2SecurityGroup",
                        category: "networking",
                        reported: #"""
                            "id": "sg-\#(sequence)", "tags": \#(tags), "name": "sg-\#(sequence)", "ctime": "\#(ctime)", \#
                            "description": "security group \#(groups.count)", \#
                            "group_ip_permissions": [{"from_port": 443, "ip_protocol": "tcp", \#
                            "ip_ranges": [{"cidr_ip": "0.0.0.0/0"}], "to_port": 443}], "group_vpc_id": "\#(networks[networks.count - 1])"
                            """#))
                block.edge(from: regionId, to: id)
                block.edge(from: networks[networks.count - 1], to: id)
                groups.append(id)
            } else if written % 20 == 3 {
                block.append(
                    writer.nodeLine(
                        id: id, kind: "aws_s3_bucket", python: "fix_plugin_aws.resource.s3.AwsS3Bucket", category: "storage",
                        reported: #"""
                            "id": "bucket-\#(sequence)", "tags": \#(tags), "name": "bucket-\#(sequence)", "ctime": "\#(ctime)", \#
                            "bucket_encryption_rules": [{"sse_algorithm": "AES256", "bucket_key_enabled": true}], \#
                            "bucket_versioning": \#(writer.count(2) == 1), "bucket_mfa_delete": false, \#
                            "bucket_public_access_block_configuration": {"block_public_acls": true, "ignore_public_acls": true}, \#
                            "bucket_lifecycle_policy": null, "bucket_location": "\#(regionName)"
                            """#))
                block.edge(from: regionId, to: id)
            } else {
                let subnet = subnets[writer.count(subnets.count)]
                let group = groups[writer.count(groups.count)]
                let reportedId = instances.isEmpty ? firstInstance : "i-\(writer.hex(17))"
                block.append(
                    writer.nodeLine(
                        id: id, kind: "aws_ec2_instance", python: "fix_plugin_aws.resource.ec2.AwsEc2Instance", category: "compute",
                        reported: #"""
                            "id": "\#(reportedId)", "tags": \#(tags), "name": "instance-\#(sequence)", "ctime": "\#(ctime)", \#
                            "mtime": "\#(ctime)", "atime": "\#(ctime)", "instance_cores": \#(1 << writer.count(6)), \#
                            "instance_memory": \#(2 << writer.count(7)), \#
                            "instance_type": "m5.\#(["large", "xlarge", "2xlarge"][writer.count(3)])", \#
                            "instance_status": "\#(["running", "stopped", "running", "running"][writer.count(4)])", \#
                            "instance_image_id": "ami-\#(writer.hex(8))", \#
                            "instance_private_ip_address": "10.0.\#(writer.count(256)).\#(writer.count(256))", \#
                            "instance_key_name": "deploy", "instance_architecture": "x86_64", "instance_ebs_optimized": true, \#
                            "instance_placement": {"availability_zone": "\#(regionName)a", "tenancy": "default"}
                            """#))
                block.edge(from: regionId, to: id)
                block.edge(from: subnet, to: id)
                block.edge(from: group, to: id)
                block.edge(from: subnet, to: id, type: "delete")
                instances.append(id)
                budget -= 1
                written += 1
                let volumes = min(budget, written % 5 == 0 ? 2 : 1)
                for _ in 0..<volumes {
                    let volume = writer.nodeId()
                    let volumeSequence = writer.hex(8)
                    block.append(
                        writer.nodeLine(
                            id: volume, kind: "aws_ec2_volume", python: "fix_plugin_aws.resource.ec2.AwsEc2Volume", category: "storage",
                            reported: #"""
                                "id": "vol-\#(volumeSequence)", "tags": \#(writer.tags()), "name": "vol-\#(volumeSequence)", \#
                                "ctime": "\#(ctime)", "volume_size": \#(8 << writer.count(6)), "volume_type": "gp3", \#
                                "volume_status": "in-use", "volume_iops": 3000, "volume_throughput": 125, "volume_encrypted": true, \#
                                "snapshot_before_delete": false, \#
                                "volume_attachments": [{"instance_id": "\#(reportedId)", "state": "attached"}]
                                """#))
                    block.edge(from: regionId, to: volume)
                    block.edge(from: id, to: volume)
                    block.edge(from: volume, to: id, type: "delete")
                    budget -= 1
                    written += 1
                }
                continue
            }
            budget -= 1
            written += 1
        }
    }
}
