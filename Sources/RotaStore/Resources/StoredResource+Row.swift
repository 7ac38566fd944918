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
        let resource = Resource(
            id: row[0], kind: row[1], name: row[2], cloud: row[3], account: row[4], region: row[5], parent: row[6],
            tags: try ResourceLineDecoder.decodeTags(row[7]), ctime: Self.date(row[8]),
            attributes: Self.attributes(row[9]))
        let cleanReason: String? = row[13]
        let cleanAt = Self.date(row[14])
        let metadata = ResourceMetadata(
            firstSeen: Date(timeIntervalSince1970: row[10]), lastSeen: Date(timeIntervalSince1970: row[11]),
            expires: Self.date(row[12]),
            clean: cleanReason.flatMap { reason in cleanAt.map { CleanMark(reason: reason, at: $0) } },
            cleaned: Self.date(row[15]), protected: row[16])
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
