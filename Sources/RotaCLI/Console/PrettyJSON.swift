import RotaModel

/// JSON for `--json`: two spaces of indentation, one member or element a line, keys in order of
/// their UTF-8 bytes as the core writes them, `"key": value` as jq prints it.
enum PrettyJSON {
    /// The text of `value`, without a final line break.
    static func text(_ value: JSONValue) -> String {
        var text = ""
        write(value, indent: "", into: &text)
        return text
    }

    private static func write(_ value: JSONValue, indent: String, into text: inout String) {
        let inner = indent + "  "
        switch value {
        case .array(let elements) where !elements.isEmpty:
            text += "[\n"
            for (index, element) in elements.enumerated() {
                text += inner
                write(element, indent: inner, into: &text)
                text += index < elements.count - 1 ? ",\n" : "\n"
            }
            text += indent + "]"
        case .object(let members) where !members.isEmpty:
            text += "{\n"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (index, key) in keys.enumerated() {
                text += inner + JSONValue.string(key).jsonText + ": "
                write(members[key]!, indent: inner, into: &text)
                text += index < keys.count - 1 ? ",\n" : "\n"
            }
            text += indent + "}"
        default:
            text += value.jsonText
        }
    }
}
