/// Reads JSON from UTF-8 bytes one token at a time, so that a resource line is read straight
/// into a ``Resource`` without building a generic tree first. Strings must be valid UTF-8;
/// duplicate keys in an object are refused.
struct JSONScanner {
    /// Why the bytes are not the JSON expected: the byte offset and what was wrong there.
    struct SyntaxError: Error {
        let offset: Int
        let message: String
    }

    /// The deepest nesting of arrays and objects read.
    static let maximumDepth = 64

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position >= bytes.count }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The JSON type of the value that starts here, for messages such as "must be a string, not number".
    func typeNameOfNextValue() -> String {
        guard position < bytes.count else { return "nothing" }
        switch bytes[position] {
        case UInt8(ascii: "\""): return "string"
        case UInt8(ascii: "{"): return "object"
        case UInt8(ascii: "["): return "array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "boolean"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "number"
        default: return "invalid JSON"
        }
    }

    /// Whether the next value starts with `byte` (`"` for a string, `{` for an object).
    func nextValueStarts(with byte: UInt8) -> Bool {
        position < bytes.count && bytes[position] == byte
    }

    /// Whether the next value is `null`; consumes it when it is.
    mutating func skipNull() throws(SyntaxError) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Consumes the `{` that opens an object.
    mutating func beginObject() throws(SyntaxError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { throw failure("expected an object") }
        position += 1
    }

    /// Consumes the `[` that opens an array.
    mutating func beginArray() throws(SyntaxError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else { throw failure("expected an array") }
        position += 1
    }

    /// Whether another element of the array being read follows, with the scanner at it; false
    /// at the `]` that closes the array (consumed). `isFirst` tracks whether a comma is due.
    mutating func nextElement(isFirst: inout Bool) throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw failure("expected a value or ']'") }
        if bytes[position] == UInt8(ascii: "]") {
            position += 1
            return false
        }
        if isFirst {
            isFirst = false
        } else {
            guard bytes[position] == UInt8(ascii: ",") else { throw failure("expected ',' or ']'") }
            position += 1
            skipWhitespace()
        }
        return true
    }

    /// The next key of the object being read, with its `:` consumed and the scanner at the value;
    /// nil at the `}` that closes the object. `isFirst` tracks whether a comma is due.
    mutating func nextKey(isFirst: inout Bool) throws(SyntaxError) -> String? {
        skipWhitespace()
        guard position < bytes.count else { throw failure("expected a key or '}'") }
        if bytes[position] == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        if isFirst {
            isFirst = false
        } else {
            guard bytes[position] == UInt8(ascii: ",") else { throw failure("expected ',' or '}'") }
            position += 1
            skipWhitespace()
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key in double quotes") }
        let key = try readString()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
        position += 1
        skipWhitespace()
        return key
    }

    /// Reads a string; the scanner must be at its opening quote.
    mutating func readString() throws(SyntaxError) -> String {
        let start = position + 1
        var index = start
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<index])
                position = index + 1
                if isASCII { return String(decoding: content, as: UTF8.self) }
                guard let string = String(validating: content, as: UTF8.self) else {
                    position = start
                    throw failure("a string is not valid UTF-8")
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if byte < 0x20 {
                position = index
                throw failure("a control character must be escaped in a string")
            }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        throw failure("a string is not closed")
    }

    /// Reads any value.
    mutating func readValue(depth: Int = 0) throws(SyntaxError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw failure("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
            position += 1
            var members: [String: JSONValue] = [:]
            var isFirst = true
            while let key = try nextKey(isFirst: &isFirst) {
                let keyOffset = position
                if members.updateValue(try readValue(depth: depth + 1), forKey: key) != nil {
                    throw SyntaxError(offset: keyOffset, message: "the key \"\(key)\" appears twice")
                }
            }
            return .object(members)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                elements.append(try readValue(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw failure("expected ',' or ']'") }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements)
                }
                guard bytes[position] == UInt8(ascii: ",") else { throw failure("expected ',' or ']'") }
                position += 1
            }
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        default:
            throw failure("expected a value")
        }
    }

    /// Passes over any value without building it, checking its structure (nesting, brackets,
    /// literals, numbers, string escapes) but not the UTF-8 of its strings nor repeated keys:
    /// for a first look at a line whose values are read in full later.
    mutating func skipValue() throws(SyntaxError) {
        var open: [UInt8] = []
        var expectsValue = true
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw failure(expectsValue ? "expected a value" : "a value is not closed") }
            let byte = bytes[position]
            if expectsValue {
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard open.count < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
                    open.append(byte)
                    position += 1
                    skipWhitespace()
                    let closing = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if position < bytes.count, bytes[position] == closing {
                        position += 1
                        open.removeLast()
                        expectsValue = false
                    } else if byte == UInt8(ascii: "{") {
                        try skipKey()
                    }
                    if open.isEmpty { return }
                    continue
                case UInt8(ascii: "\""): try skipString()
                case UInt8(ascii: "t"): try literal("true")
                case UInt8(ascii: "f"): try literal("false")
                case UInt8(ascii: "n"): try literal("null")
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
                default: throw failure("expected a value")
                }
                expectsValue = false
                if open.isEmpty { return }
                continue
            }
            let container = open[open.count - 1]
            let closing = container == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            if byte == closing {
                position += 1
                open.removeLast()
                if open.isEmpty { return }
                continue
            }
            guard byte == UInt8(ascii: ",") else {
                throw failure(container == UInt8(ascii: "{") ? "expected ',' or '}'" : "expected ',' or ']'")
            }
            position += 1
            if container == UInt8(ascii: "{") {
                skipWhitespace()
                try skipKey()
            }
            expectsValue = true
        }
    }

    /// Passes over a key and its `:`, leaving the scanner at the value.
    private mutating func skipKey() throws(SyntaxError) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key in double quotes") }
        try skipString()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
        position += 1
    }

    /// Passes over a string from its opening quote, checking its escapes.
    private mutating func skipString() throws(SyntaxError) {
        var index = position + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                position = index + 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                    UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    _ = try hexQuad(at: index + 1)
                    index += 5
                default:
                    position = index
                    throw failure("unknown escape in a string")
                }
            case 0..<0x20:
                position = index
                throw failure("a control character must be escaped in a string")
            default:
                index += 1
            }
        }
        position = bytes.count
        throw failure("a string is not closed")
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws(SyntaxError) {
        skipWhitespace()
        guard isAtEnd else { throw failure("unexpected text after the value") }
    }

    func failure(_ message: String) -> SyntaxError {
        SyntaxError(offset: position, message: message)
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        let valid = position + count <= bytes.count && (0..<count).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard valid else { throw failure("expected a value; the only words in JSON are true, false and null") }
        position += count
    }

    /// Reads a number: an integer when it has no fraction or exponent and fits 64 bits.
    private mutating func readNumber() throws(SyntaxError) -> JSONValue {
        let start = position
        var index = position
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        func isDigit(_ index: Int) -> Bool { index < bytes.count && (48...57).contains(bytes[index]) }
        guard isDigit(index) else {
            position = index
            throw failure("expected a digit")
        }
        var magnitude: UInt64 = 0
        var fitsInteger = true
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while isDigit(index) {
                let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[index] - 48))
                if overflow1 || overflow2 { fitsInteger = false }
                magnitude = sum
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            fitsInteger = false
            index += 1
            guard isDigit(index) else {
                position = index
                throw failure("expected a digit after '.'")
            }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            fitsInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else {
                position = index
                throw failure("expected a digit in the exponent")
            }
            while isDigit(index) { index += 1 }
        }
        position = index
        if fitsInteger {
            if !isNegative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if isNegative, magnitude <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            position = start
            throw failure("the number \(text) is out of range")
        }
        return .double(value)
    }

    /// Reads a string with escapes, from just after its opening quote.
    private mutating func readEscapedString(from start: Int) throws(SyntaxError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(64)
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                position = index + 1
                guard let string = String(validating: decoded, as: UTF8.self) else {
                    position = start
                    throw failure("a string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("a string is not closed") }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(bytes[index])
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hexQuad(at: index + 1)
                    index += 4
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u")
                        else {
                            position = index
                            throw failure("a \\u escape holds half of a surrogate pair")
                        }
                        let low = try hexQuad(at: index + 3)
                        guard (0xDC00..<0xE000).contains(low) else {
                            position = index
                            throw failure("a \\u escape holds half of a surrogate pair")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        position = index
                        throw failure("a \\u escape holds half of a surrogate pair")
                    }
                    decoded.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
                default:
                    position = index
                    throw failure("unknown escape in a string")
                }
                index += 1
            default:
                if byte < 0x20 {
                    position = index
                    throw failure("a control character must be escaped in a string")
                }
                decoded.append(byte)
                index += 1
            }
        }
        throw failure("a string is not closed")
    }

    private mutating func hexQuad(at index: Int) throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else {
            position = index
            throw failure("expected four hex digits after \\u")
        }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default:
                position = index + offset
                throw failure("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
