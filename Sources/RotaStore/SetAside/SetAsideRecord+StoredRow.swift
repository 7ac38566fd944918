import Foundation

extension SetAsideRecord {
    /// A record from a row of `set_aside_record` (kind, id, reason, since); nil when its kind is
    /// not one this Rota knows.
    init?(storedRow row: some StoredRow) {
        guard let kind = row.text("kind").flatMap(SetAsideRecord.Kind.init(rawValue:)) else { return nil }
        self.init(kind: kind, id: row.describe("id"), reason: row.describe("reason"), since: Date(timeIntervalSince1970: row.number("since") ?? 0))
    }
}
