import Foundation
import GRDB
import RotaModel

extension ResourceFilter {
    /// The filter as an SQL condition on the `resource` table (`1` when it is empty), with its
    /// arguments; `now` decides `expired`.
    func sqlCondition(now: Date) -> (sql: String, arguments: StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        for (column, values) in [("kind", kinds), ("cloud", clouds), ("account", accounts), ("region", regions)] where !values.isEmpty {
            conditions.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            arguments += StatementArguments(values)
        }
        for tag in tags {
            let (value, valueArguments) = ResourceJSONColumn.tags.memberSQL(tag.key)
            arguments += valueArguments
            if let wanted = tag.value {
                conditions.append("\(value) = ?")
                arguments += [wanted]
            } else {
                conditions.append("\(value) IS NOT NULL")
            }
        }
        if let expired {
            conditions.append(expired ? "expires <= ?" : "(expires IS NULL OR expires > ?)")
            arguments += [now.timeIntervalSince1970]
        }
        if let clean { conditions.append(clean ? "clean_at IS NOT NULL" : "clean_at IS NULL") }
        if let cleaned { conditions.append(cleaned ? "cleaned IS NOT NULL" : "cleaned IS NULL") }
        if let protected { conditions.append(protected ? "protected = 1" : "protected = 0") }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), arguments)
    }
}
