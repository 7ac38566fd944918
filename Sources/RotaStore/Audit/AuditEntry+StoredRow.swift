import Foundation
import RotaModel

extension AuditEntry {
    /// The entry a row of `audit_entry` holds; throws when a column does not hold what the entry
    /// needs.
    init(storedRow row: some StoredRow) throws {
        guard let id = row.integer("id") else { throw UnreadableColumn(name: "id") }
        guard let at = row.number("at") else { throw UnreadableColumn(name: "at") }
        guard let kind = row.text("kind").flatMap(AuditRecord.Kind.init(rawValue:)) else {
            throw UnreadableAuditValue(column: "kind", value: row.describe("kind"))
        }
        guard let action = row.text("action").flatMap(AuditRecord.Action.init(rawValue:)) else {
            throw UnreadableAuditValue(column: "action", value: row.describe("action"))
        }
        guard let caller = row.text("caller") else { throw UnreadableColumn(name: "caller") }
        guard let text = row.text("change") else { throw UnreadableColumn(name: "change") }
        guard case .object(let change) = try JSONValue(jsonText: text) else {
            throw UnreadableAuditValue(column: "change", value: "a JSON value that is not an object")
        }
        self.init(
            id: Int64(id),
            record: AuditRecord(
                at: Date(timeIntervalSince1970: at), kind: kind, action: action, target: row.text("target"),
                caller: AuditCaller(address: row.text("caller_address"), identity: caller), change: change))
    }
}

/// A column of an audit entry that holds a value this Rota does not know.
struct UnreadableAuditValue: Error, CustomStringConvertible {
    let column: String
    let value: String

    var description: String { "the column \(column) holds \(value), which is not one of its values" }
}
