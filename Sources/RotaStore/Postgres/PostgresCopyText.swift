import NIOCore
import RotaModel

/// Rows in the text format of PostgreSQL's `COPY ... FROM STDIN`: fields separated by tabs, rows
/// ended by a newline, NULL as `\N`, and in a field every backslash, tab, newline and carriage
/// return escaped, so that any text arrives as it was. PostgreSQL's text cannot hold the
/// character U+0000: a field with it is refused.
enum PostgresCopyText {
    /// A field held the character U+0000, which PostgreSQL's text cannot store.
    struct NulCharacter: Error {}

    /// Appends `text` as one field, escaped, followed by `separator` (a tab, or a newline after
    /// the last field of a row).
    static func append(_ text: String, to buffer: inout ByteBuffer, then separator: UInt8) throws(NulCharacter) {
        var text = text
        let result: Result<Void, NulCharacter> = text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() {
                let escaped: UInt8
                switch byte {
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
                case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
                case 0: return .failure(NulCharacter())
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index]))
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(escaped)
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...]))
            return .success(())
        }
        try result.get()
        buffer.writeInteger(separator)
    }

    /// Appends an optional text field; nil as NULL.
    static func append(_ text: String?, to buffer: inout ByteBuffer, then separator: UInt8) throws(NulCharacter) {
        guard let text else { return appendNull(to: &buffer, then: separator) }
        try append(text, to: &buffer, then: separator)
    }

    /// Appends a number field (its shortest exact form, which PostgreSQL reads back to the same
    /// value); nil as NULL.
    static func append(_ number: Double?, to buffer: inout ByteBuffer, then separator: UInt8) {
        guard let number else { return appendNull(to: &buffer, then: separator) }
        buffer.writeString(number.description)
        buffer.writeInteger(separator)
    }

    static func append(_ number: Int64, to buffer: inout ByteBuffer, then separator: UInt8) {
        buffer.writeString(String(number))
        buffer.writeInteger(separator)
    }

    static func appendNull(to buffer: inout ByteBuffer, then separator: UInt8) {
        buffer.writeStaticString("\\N")
        buffer.writeInteger(separator)
    }

    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
}
