/// Finds YAML anchors (`&name`) in a text without parsing it. A document without anchors has
/// no alias that refers to anything, so reading it costs what its text is long; with anchors,
/// aliases can repeat a node inside a node inside a node, and a 1 KB text becomes a billion
/// nodes. Definitions refuse anchors, and this finds them before the parser builds anything.
///
/// It errs on the side of finding: an `&` counts wherever the YAML scanner could begin an anchor
/// there, even inside a quoted or block text (where it is only text). That is after the start,
/// a blank, a line break, a byte-order mark or an indicator (`[ ] { } , : ? -` or a closing
/// quote), followed by a name (letters, digits, `_`, `-`) that ends at the end, a blank, a line
/// break or one of ``? : , ] } % @ ` ``. Texts like `a && b`, `2>&1`, `?a=1&b=2` or `&amp;` do not
/// count.
enum YAMLAnchors {
    /// Where an anchor is: its line and column (from 1) and its name.
    struct Anchor: Equatable {
        var line: Int
        var column: Int
        var name: String
    }

    /// The first anchor of `text`, or nil when it has none.
    static func first(in text: String) -> Anchor? {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] == UInt8(ascii: "&") && mayBeginToken(at: index, in: bytes) {
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                guard end > index + 1, end == bytes.count || mayEndName(bytes[end]) else { continue }
                return anchor(from: index, to: end, in: bytes)
            }
            return nil
        }
    }

    /// Whether what comes before `index` lets a token begin there.
    private static func mayBeginToken(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index > 0 else { return true }
        if "\t\n\r []{},:?-\"'".utf8.contains(bytes[index - 1]) { return true }
        let before = bytes[..<index]
        return before.suffix(2).elementsEqual([0xC2, 0x85])  // NEL
            || before.suffix(3).elementsEqual([0xE2, 0x80, 0xA8])  // line separator
            || before.suffix(3).elementsEqual([0xE2, 0x80, 0xA9])  // paragraph separator
            || before.suffix(3).elementsEqual([0xEF, 0xBB, 0xBF])  // byte-order mark
    }

    /// Whether `byte` can be part of an anchor's name.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Whether `byte`, right after a name, lets the name be an anchor's; any byte beyond ASCII
    /// counts, for the line breaks beyond ASCII.
    private static func mayEndName(_ byte: UInt8) -> Bool {
        byte >= 0x80 || "\0\t\n\r ?:,]}%@`".utf8.contains(byte)
    }

    private static func anchor(from start: Int, to end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Anchor {
        let before = bytes[..<start]
        let line = 1 + before.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = 1 + String(decoding: bytes[lineStart..<start], as: UTF8.self).count
        return Anchor(line: line, column: column, name: String(decoding: bytes[(start + 1)..<end], as: UTF8.self))
    }
}
