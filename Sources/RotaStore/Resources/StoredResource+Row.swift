import Foundation
import GRDB
import RotaModel

extension StoredResource {
    /// The columns ``init(row:)`` reads from the `resource` table, in order; the last time seen
    /// is the time of the snapshot's last merge.
    static let selection = """
        id, kind, name, cloud, account, region, parent, tags, ctime, attributes, first_seen,
        (SELECT merged_at FROM resource_snapshot WHERE resource_snapshot.cloud = resource.cloud
            AND resource_snapshot.account = resource.account),
        expires, clean_reason, clean_at, cleaned, protected
        """

    /// A resource from a row of ``selection``.
    init(row: Row) throws {
        try self.init(
            id: row[0], kind: row[1], name: row[2], cloud: row[3], account: row[4], region: row[5], parent: row[6], tags: row[7],
            ctime: row[8], attributes: row[9], firstSeen: row[10], lastSeen: row[11], expires: row[12], cleanReason: row[13],
            cleanAt: row[14], cleaned: row[15], protected: row[16])
    }

    /// A resource from the columns of ``selection`` as either store reads them: tags and
    /// attributes as JSON text, times as seconds since 1970.
    init(
        id: String, kind: String, name: String, cloud: String, account: String, region: String?, parent: String?, tags: String,
        ctime: Double?, attributes: String, firstSeen: Double, lastSeen: Double, expires: Double?, cleanReason: String?,
        cleanAt: Double?, cleaned: Double?, protected: Bool
    ) throws {
        let resource = Resource(
            id: id, kind: kind, name: name, cloud: cloud, account: account, region: region, parent: parent,
            tags: try ResourceLineDecoder.decodeTags(tags), ctime: Self.date(ctime), attributes: Self.attributes(attributes))
        let cleanAt = Self.date(cleanAt)
        let metadata = ResourceMetadata(
            firstSeen: Date(timeIntervalSince1970: firstSeen), lastSeen: Date(timeIntervalSince1970: lastSeen),
            expires: Self.date(expires),
            clean: cleanReason.flatMap { reason in cleanAt.map { CleanMark(reason: reason, at: $0) } },
            cleaned: Self.date(cleaned), protected: protected)
        self.init(resource: resource, metadata: metadata)
    }

    /// The attributes column read back. A graph node's `reported` section is stored as its
    /// collector sent it, its nested values checked for structure only; one the reader refuses
    /// (a key given twice deep inside) reads as no attributes rather than failing every page
    /// that holds it.
    private static func attributes(_ text: String) -> [String: JSONValue] {
        (try? ResourceLineDecoder.decodeAttributes(text)) ?? [:]
    }

    private static func date(_ seconds: Double?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: $0) }
    }
}
