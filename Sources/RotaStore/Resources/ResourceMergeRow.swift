import Foundation
import RotaModel

/// One resource line of a merge, read and ready to be written: the columns of its row (tags
/// and attributes as JSON, times as seconds since 1970), the hash of its content and its line.
struct ResourceMergeRow: Sendable {
    let line: Int
    let id: String
    let kind: String
    let name: String
    let region: String?
    let parent: String?
    let tags: String
    let ctime: Double?
    let attributes: String
    let expires: Double?
    /// The ``ContentHash`` of everything above but the line and the id.
    let contentHash: Int64

    /// The row of `resource`, which expires at `expires`; `scratch` is reused between rows.
    init(_ resource: Resource, line: Int, expires: Date?, scratch: inout [UInt8]) {
        let encoder = ResourceLineEncoder()
        var hash = ContentHash()
        hash.add(resource.kind)
        hash.add(resource.name)
        hash.add(resource.region)
        hash.add(resource.parent)
        hash.add(resource.ctime.map { $0.timeIntervalSince1970.bitPattern } ?? 0)
        scratch.removeAll(keepingCapacity: true)
        encoder.encode(tags: resource.tags, into: &scratch)
        scratch.withUnsafeBufferPointer { hash.add($0) }
        tags = String(decoding: scratch, as: UTF8.self)
        scratch.removeAll(keepingCapacity: true)
        encoder.encode(attributes: resource.attributes, into: &scratch)
        scratch.withUnsafeBufferPointer { hash.add($0) }
        attributes = String(decoding: scratch, as: UTF8.self)
        self.line = line
        id = resource.id
        kind = resource.kind
        name = resource.name
        region = resource.region
        parent = resource.parent
        ctime = resource.ctime?.timeIntervalSince1970
        self.expires = expires?.timeIntervalSince1970
        contentHash = Int64(bitPattern: hash.value)
    }
}
