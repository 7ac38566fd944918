/// The `@` shorthands Vixie cron accepts in place of the five fields.
enum CronMacro {
    /// Each macro with the five fields it stands for.
    static let expansions: [String: String] = [
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
        "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@hourly": "0 * * * *",
    ]

    /// The five fields a macro stands for; macro names are compared case-insensitively.
    static func expansion(of text: String) throws(CronParseError) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        let name = String(words[0])
        guard let fields = expansions[name.lowercased()] else {
            let known = expansions.keys.sorted().joined(separator: " ")
            throw CronParseError("unknown macro \(name) (known macros: \(known))")
        }
        guard words.count == 1 else {
            throw CronParseError("macro \(name) stands alone, but is followed by \"\(words.dropFirst().joined(separator: " "))\"")
        }
        return fields
    }
}
