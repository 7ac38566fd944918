import RotaModel

/// The model of the synthetic graph, as a collector plugin declares it with
/// `PUT /graph/{graph}/model`: each kind with its direct bases, down to the base kinds that tell
/// clouds, accounts and regions apart.
enum SyntheticModel {
    /// Every kind the synthetic graph uses, with the base kinds above them.
    static let bases: [String: [String]] = [
        "resource": [],
        "phantom_resource": ["resource"],
        "graph_root": ["phantom_resource"],
        "base_cloud": ["phantom_resource"],
        "cloud": ["base_cloud"],
        "account": ["resource"],
        "region": ["phantom_resource"],
        "instance": ["resource"],
        "volume": ["resource"],
        "network": ["resource"],
        "subnet": ["resource"],
        "security_group": ["resource"],
        "bucket": ["resource"],
        "aws_resource": [],
        "aws_account": ["aws_resource", "account"],
        "aws_region": ["aws_resource", "region"],
        "aws_ec2_instance": ["aws_resource", "instance"],
        "aws_ec2_volume": ["aws_resource", "volume"],
        "aws_vpc": ["aws_resource", "network"],
        "aws_ec2_subnet": ["aws_resource", "subnet"],
        "aws_ec2_security_group": ["aws_resource", "security_group"],
        "aws_s3_bucket": ["aws_resource", "bucket"],
    ]

    /// The model as the body of `PUT /graph/{graph}/model`.
    static var json: JSONValue {
        .array(bases.keys.sorted().map { fqn in ["fqn": .string(fqn), "bases": .array((bases[fqn] ?? []).map(JSONValue.string))] })
    }
}
