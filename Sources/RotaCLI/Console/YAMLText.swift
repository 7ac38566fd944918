import RotaModel

/// Writes a JSON value as block-style YAML for people to read: `rota workflows show` and the
/// other `show` commands. Strings that YAML could read as something else (numbers, booleans,
/// times, text with `: ` or `#`) are double-quoted, so that the output reads back as the same
/// value; `id` and `name` come first in every object, the other keys in alphabetical order.
enum YAMLText {
    /// The YAML document of `value`, ending with a line break.
    static func document(_ value: JSONValue) -> String {
        lines(of: value).joined(separator: "\n") + "\n"
    }

    private static let leadingKeys = ["id", "name"]
    private static let reservedWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]

    private static func lines(of value: JSONValue) -> [String] {
        switch value {
        case .object(let members) where !members.isEmpty:
            return orderedKeys(members).flatMap { key in entry(key: string(key), value: members[key]!) }
        case .array(let elements) where !elements.isEmpty:
            return elements.flatMap { element -> [String] in
                let block = lines(of: element)
                guard isBlock(element) else { return ["- " + block[0]] }
                return ["- " + block[0]] + block.dropFirst().map { "  " + $0 }
            }
        default:
            return [scalar(value)]
        }
    }

    private static func entry(key: String, value: JSONValue) -> [String] {
        guard isBlock(value) else { return ["\(key): \(scalar(value))"] }
        return ["\(key):"] + lines(of: value).map { "  " + $0 }
    }

    /// Whether the value is written on lines of its own (a non-empty object or array).
    private static func isBlock(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): return !members.isEmpty
        case .array(let elements): return !elements.isEmpty
        default: return false
        }
    }

    private static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        leadingKeys.filter { members[$0] != nil } + members.keys.filter { !leadingKeys.contains($0) }.sorted()
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return string(text)
        case .object: return "{}"
        case .array: return "[]"
        }
    }

    /// The text plain when YAML reads it back as this same string, else double-quoted.
    private static func string(_ text: String) -> String {
        isPlain(text) ? text : JSONValue.string(text).jsonText
    }

    private static func isPlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        guard first.properties.isAlphabetic || first == "_" || first == "/", last != " ", last != ":" else { return false }
        guard !reservedWords.contains(text.lowercased()), !text.contains(": "), !text.contains(" #") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " _./()@+=-:*,".unicodeScalars.contains(scalar)
        }
    }
}
