import Foundation
import RotaModel

/// One node of a graph merge, ready to be written as a resource row: the columns Rota's own
/// resources have (the cloud, account and region found along default edges; `reported` whole
/// as the attributes) and those of graph nodes (the metadata, ancestors and edges as JSON text,
/// the replaced subtree the node belongs to), with the hash of all of it.
struct GraphMergeRow: Sendable {
    let line: Int
    let id: String
    let kind: String
    let name: String
    let cloud: String
    let account: String
    let region: String?
    let parent: String?
    let tags: String
    let ctime: Double?
    let attributes: String
    let metadata: String
    let ancestors: String
    let edges: String
    let replacedBy: String?
    let expires: Double?
    let contentHash: Int64
    /// The expiry tags that could not be read.
    let expiryProblems: [ExpiryProblem]

    /// The row of a node read in full from `line`, placed by the merge's index.
    init(_ node: GraphMergeNode, line: UnsafeBufferPointer<UInt8>, number: Int, placement: GraphPlacement) {
        let tagValues = node.tags
        let created = node.ctime.flatMap(Timestamp.date)
        let expiry = ResourceExpiry(tags: tagValues, ctime: created)
        var scratch: [UInt8] = []
        ResourceLineEncoder().encode(tags: tagValues, into: &scratch)
        self.line = number
        id = node.id
        kind = node.kind
        name = node.name ?? node.reportedId
        cloud = placement.cloud
        account = placement.account
        region = placement.region
        parent = placement.parent
        tags = String(decoding: scratch, as: UTF8.self)
        ctime = created?.timeIntervalSince1970
        attributes = Self.text(line, node.reportedBytes)
        metadata = node.metadataBytes.map { Self.text(line, $0) } ?? "{}"
        ancestors = placement.ancestorsText
        edges = placement.edgesText
        replacedBy = placement.replaceRoot
        expires = expiry.expires?.timeIntervalSince1970
        expiryProblems = expiry.problems
        var hash = ContentHash()
        for text in [kind, name, cloud, account, tags, attributes, metadata, ancestors, edges] { hash.add(text) }
        hash.add(region)
        hash.add(parent)
        hash.add(replacedBy)
        hash.add(ctime?.bitPattern ?? 0)
        contentHash = Int64(bitPattern: hash.value)
    }

    private static func text(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
    }
}
