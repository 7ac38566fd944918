/// Reads the characters of query text for the parsers: whitespace, words, quoted strings and
/// the bare values Fix Inventory accepts without quotes. Offsets count characters (Unicode
/// scalars) from the start of the text.
struct GraphQueryScanner {
    private let scalars: [Unicode.Scalar]
    private(set) var position = 0

    /// Refuses text longer than `maxTextBytes` before reading any of it.
    init(_ text: String, maxTextBytes: Int = GraphQueryLimits.maxTextBytes) throws(GraphQueryError) {
        guard text.utf8.count <= maxTextBytes else {
            throw GraphQueryError(offset: 0, message: "the query is longer than \(maxTextBytes) bytes")
        }
        scalars = Array(text.unicodeScalars)
    }

    var isAtEnd: Bool { position >= scalars.count }

    /// The character `ahead` places after the position, if the text goes that far.
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    /// The characters from `start` to the position, for quoting in messages.
    func text(from start: Int) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<min(position, scalars.count)])
        return String(text)
    }

    func error(_ message: String, at offset: Int? = nil) -> GraphQueryError {
        GraphQueryError(offset: offset ?? position, message: message)
    }

    /// Moves past the character at the position.
    mutating func advance() {
        position += 1
    }

    mutating func skipWhitespace() {
        while let scalar = peek(), scalar.properties.isWhitespace { position += 1 }
    }

    /// Whether the text at the position starts with `literal`.
    func looksAt(_ literal: String) -> Bool {
        for (index, scalar) in literal.unicodeScalars.enumerated() where peek(index) != scalar { return false }
        return true
    }

    /// Consumes `literal` if the text at the position starts with it.
    mutating func consume(_ literal: String) -> Bool {
        guard looksAt(literal) else { return false }
        position += literal.unicodeScalars.count
        return true
    }

    /// The word at the position without consuming it: a letter or `_`, then letters, digits,
    /// `_`, and `-` when a letter, digit or `_` follows it.
    func wordAhead() -> String? {
        guard let first = peek(), Self.isWordStart(first) else { return nil }
        var length = 1
        while let scalar = peek(length) {
            if Self.isWordPart(scalar) {
                length += 1
            } else if scalar == "-", let next = peek(length + 1), Self.isWordPart(next) {
                length += 2
            } else {
                break
            }
        }
        var word = String.UnicodeScalarView()
        word.append(contentsOf: scalars[position..<position + length])
        return String(word)
    }

    /// Whether the next word (after whitespace) is `keyword`, standing alone.
    func keywordAhead(_ keyword: String) -> Bool {
        var copy = self
        copy.skipWhitespace()
        return copy.wordAhead() == keyword
    }

    /// Consumes a name as `as` gives one: letters, digits, `_`, and `-` between them.
    mutating func readName() -> String? {
        let start = position
        while let scalar = peek() {
            if Self.isWordPart(scalar) {
                position += 1
            } else if scalar == "-", position != start, let next = peek(1), Self.isWordPart(next) {
                position += 2
            } else {
                break
            }
        }
        return position == start ? nil : text(from: start)
    }

    /// Consumes the word at the position.
    mutating func readWord() -> String? {
        guard let word = wordAhead() else { return nil }
        position += word.unicodeScalars.count
        return word
    }

    /// Consumes `keyword` (after whitespace) when it is the next word.
    mutating func consumeKeyword(_ keyword: String) -> Bool {
        guard keywordAhead(keyword) else { return false }
        skipWhitespace()
        position += keyword.unicodeScalars.count
        return true
    }

    /// A double-quoted string at the position; `\"`, `\\`, `\/` and `\'` stand for the character
    /// after the backslash, any other backslash is kept, as Fix Inventory reads them.
    mutating func readQuotedString() throws(GraphQueryError) -> String {
        let start = position
        position += 1
        var result = String.UnicodeScalarView()
        while let scalar = peek() {
            position += 1
            switch scalar {
            case "\"":
                return String(result)
            case "\\":
                if let next = peek(), "\"\\/'".unicodeScalars.contains(next) {
                    result.append(next)
                    position += 1
                } else {
                    result.append(scalar)
                }
            default:
                result.append(scalar)
            }
        }
        throw error("the string that starts here has no closing \"", at: start)
    }

    /// A value written without quotes: letters, digits and `_ - : / . +`, as long as Fix
    /// Inventory accepts (`running`, `us-east-1`, `10.0.0.1`, `-4.5`). A `-` that starts a
    /// navigation (`--`, `->`, `-[`) ends it. Empty when no such character is at the position.
    mutating func readBareValue() -> String {
        let start = position
        while let scalar = peek() {
            if scalar == "-", let next = peek(1), next == "-" || next == ">" || next == "[" { break }
            if scalar == "+", position != start { break }
            guard Self.isBareValuePart(scalar) else { break }
            position += 1
        }
        return text(from: start)
    }

    /// Whether the character may end a bare value: whitespace, a bracket, a parenthesis, a
    /// brace, a comma, a navigation's `<` or `-`, or the end.
    func atValueEnd() -> Bool {
        guard let scalar = peek() else { return true }
        return scalar.properties.isWhitespace || ",[]()}{<-".unicodeScalars.contains(scalar)
    }

    static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && scalar.properties.isAlphabetic)
    }

    static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        isWordStart(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isBareValuePart(_ scalar: Unicode.Scalar) -> Bool {
        isWordPart(scalar) || "-:/.+".unicodeScalars.contains(scalar)
    }
}
