import Foundation
import RotaModel

extension ResourceFilter {
    /// The filter as a condition on PostgreSQL's `resource` table (`TRUE` when it is empty), its
    /// values bound in `statement`; `now` decides `expired`. It selects what ``sqlCondition(now:)``
    /// selects in SQLite.
    func postgresCondition(now: Date, in statement: inout PostgresStatement) -> String {
        var conditions: [String] = []
        for (column, values) in [("kind", kinds), ("cloud", clouds), ("account", accounts), ("region", regions)] where !values.isEmpty {
            conditions.append("\(column) = ANY(\(statement.bind(values)))")
        }
        for tag in tags {
            let value = ResourceJSONColumn.tags.postgresMemberSQL(tag.key, in: &statement)
            if let wanted = tag.value {
                conditions.append("\(value) = \(statement.bind(wanted))")
            } else {
                conditions.append("\(value) IS NOT NULL")
            }
        }
        if let expired {
            let now = statement.bind(now.timeIntervalSince1970)
            conditions.append(expired ? "expires <= \(now)" : "(expires IS NULL OR expires > \(now))")
        }
        if let clean { conditions.append(clean ? "clean_at IS NOT NULL" : "clean_at IS NULL") }
        if let cleaned { conditions.append(cleaned ? "cleaned IS NOT NULL" : "cleaned IS NULL") }
        if let protected { conditions.append(protected ? "protected = 1" : "protected = 0") }
        return conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")
    }
}

extension ResourceJSONColumn {
    /// PostgreSQL's SQL for the text of member `key` (a string, as tags hold), NULL when there is
    /// none; it orders bytewise, as SQLite orders text.
    func postgresMemberSQL(_ key: String, in statement: inout PostgresStatement) -> String {
        "((resource.\(rawValue)::json ->> \(statement.bind(key))) COLLATE \"C\")"
    }

    /// PostgreSQL's SQL for the value of member `key` when it is a number (as `numeric`, which
    /// keeps whether it was written with a fraction), NULL otherwise.
    func postgresNumberSQL(_ key: String, in statement: inout PostgresStatement) -> String {
        let key = statement.bind(key)
        return "(CASE WHEN json_typeof(resource.\(rawValue)::json -> \(key)) = 'number' THEN (resource.\(rawValue)::json ->> \(key))::numeric END)"
    }
}
