/// Splits a command into words the way a shell does for simple cases: whitespace separates
/// words, single and double quotes group them, a backslash escapes the next character. Each
/// word remembers where it began, so a command can take the rest of its text as it is (JSON).
struct CommandWords {
    struct Word {
        let text: String
        /// Where the word begins in the command.
        let start: String.Index
    }

    let command: String
    let words: [Word]

    init(_ command: String) throws(OperationError) {
        self.command = command
        var words: [Word] = []
        var current = ""
        var start: String.Index?
        var quote: Character?
        var index = command.startIndex
        while index < command.endIndex {
            let character = command[index]
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"", command.index(after: index) < command.endIndex {
                    index = command.index(after: index)
                    current.append(command[index])
                } else {
                    current.append(character)
                }
            } else if character.isWhitespace {
                if let wordStart = start { words.append(Word(text: current, start: wordStart)) }
                current = ""
                start = nil
            } else {
                if start == nil { start = index }
                if character == "'" || character == "\"" {
                    quote = character
                } else if character == "\\", command.index(after: index) < command.endIndex {
                    index = command.index(after: index)
                    current.append(command[index])
                } else {
                    current.append(character)
                }
            }
            index = command.index(after: index)
        }
        if quote != nil { throw OperationError("a quote is not closed") }
        if let wordStart = start { words.append(Word(text: current, start: wordStart)) }
        self.words = words
    }

    /// The command's text from word `index` on, as written; nil when there is no such word.
    func rest(from index: Int) -> String? {
        guard words.indices.contains(index) else { return nil }
        return String(command[words[index].start...]).trimmingCharacters(in: .whitespaces)
    }
}
