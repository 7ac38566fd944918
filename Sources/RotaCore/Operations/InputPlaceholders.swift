import RotaModel

/// Fills the `@input.KEY@` placeholders of a command with a run's input, as the command runs and
/// after it is split into words: a value lands inside a word, inside a JSON string, or as one
/// single-quoted word of a shell command, and never changes how the command reads. A string is
/// written as it is, any other value as JSON; a placeholder whose key the input lacks stays as
/// written.
struct InputPlaceholders {
    private let values: [String: String]

    init(_ input: [String: JSONValue]) {
        var values: [String: String] = [:]
        for (key, value) in input { values[Placeholders.inputPrefix + key] = Placeholders.text(of: value) }
        self.values = values
    }

    /// `text` with its input placeholders filled.
    func fill(_ text: String) -> String {
        values.isEmpty ? text : Placeholders.fill(text, values)
    }

    /// `value` with the input placeholders of each string in it (keys and values) filled; its
    /// structure is the same.
    func fill(_ value: JSONValue) -> JSONValue {
        guard !values.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(fill(text))
        case .array(let elements): return .array(elements.map(fill))
        case .object(let members): return .object(Dictionary(members.map { (fill($0.key), fill($0.value)) }) { first, _ in first })
        case .null, .bool, .int, .double: return value
        }
    }

    /// A shell command with each input placeholder replaced by its value quoted for where the
    /// placeholder stands, so that the shell takes the value as data and never as syntax: as one
    /// single-quoted word outside quotes (`'it'\''s'`), with `$`, `` ` ``, `"` and `\` escaped
    /// inside double quotes, and with its single quotes escaped inside single quotes.
    func fillQuotedForShell(_ command: String) -> String {
        guard !values.isEmpty, command.contains("@") else { return command }
        var result = ""
        var quote: Character?
        var index = command.startIndex
        while index < command.endIndex {
            let character = command[index]
            if character == "@", let (value, end) = placeholder(in: command, at: index) {
                switch quote {
                case "'": result += value.replacingOccurrences(of: "'", with: #"'\''"#)
                case "\"": result += Self.escapedInDoubleQuotes(value)
                default: result += Self.singleQuoted(value)
                }
                index = end
                continue
            }
            result.append(character)
            if character == "\\", quote != "'", command.index(after: index) < command.endIndex {
                index = command.index(after: index)
                result.append(command[index])
            } else if character == "'" || character == "\"" {
                if quote == nil {
                    quote = character
                } else if quote == character {
                    quote = nil
                }
            }
            index = command.index(after: index)
        }
        return result
    }

    /// The value of the placeholder that begins at `start` and the index after it, when it names
    /// a key of the input.
    private func placeholder(in text: String, at start: String.Index) -> (String, String.Index)? {
        let keyStart = text.index(after: start)
        guard let close = text[keyStart...].firstIndex(of: "@"), let value = values[String(text[keyStart..<close])] else { return nil }
        return (value, text.index(after: close))
    }

    /// `text` as one POSIX shell word in single quotes.
    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// `text` escaped to stand inside double quotes as it is.
    static func escapedInDoubleQuotes(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "$`\"\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
