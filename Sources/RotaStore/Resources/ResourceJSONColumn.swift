import GRDB

/// A column of the `resource` table that holds a JSON object (`tags`, `attributes`), and the
/// SQL that reads one member of it.
enum ResourceJSONColumn: String {
    case tags
    case attributes

    /// SQL for the value of member `key`, NULL when there is none. A JSON path cannot name a key
    /// with a double quote in it, so such keys are looked up with `json_each` instead.
    func memberSQL(_ key: String) -> (sql: String, arguments: StatementArguments) {
        if key.contains("\"") {
            return ("(SELECT value FROM json_each(resource.\(rawValue)) WHERE key = ?)", [key])
        }
        return ("json_extract(resource.\(rawValue), ?)", [Self.path(key)])
    }

    /// SQL for the value of member `key` when it is a number, NULL otherwise.
    func numberSQL(_ key: String) -> (sql: String, arguments: StatementArguments) {
        if key.contains("\"") {
            return ("(SELECT value FROM json_each(resource.\(rawValue)) WHERE key = ? AND type IN ('integer', 'real'))", [key])
        }
        let path = Self.path(key)
        return (
            "CASE WHEN json_type(resource.\(rawValue), ?) IN ('integer', 'real') THEN json_extract(resource.\(rawValue), ?) END",
            [path, path]
        )
    }

    /// The JSON path of a top-level member, its key in double quotes: `$."aws:region"`.
    private static func path(_ key: String) -> String { "$.\"\(key)\"" }
}
