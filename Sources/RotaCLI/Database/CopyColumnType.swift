import Foundation
import GRDB

/// What a PostgreSQL column holds, as `rota db copy` fills it: the kind of value, from the
/// column's type in `information_schema.columns`, and how a SQLite value becomes a field of
/// `COPY`'s text format for it.
enum CopyColumnType: Sendable, Equatable {
    case text
    case bytes
    case integer
    case float
    case boolean

    /// The kind of value of a column of type `dataType`; nil for a type the copy cannot fill.
    init?(dataType: String) {
        switch dataType {
        case "text", "character varying", "character", "json", "jsonb": self = .text
        case "bytea": self = .bytes
        case "bigint", "integer", "smallint": self = .integer
        case "double precision", "real", "numeric": self = .float
        case "boolean": self = .boolean
        default: return nil
        }
    }

    /// Appends `value` to `field` as a field of COPY's text format for this column; throws a
    /// description of the value when the column cannot hold it.
    func append(_ value: DatabaseValue, to field: inout [UInt8]) throws(CopyValueMismatch) {
        switch (self, value.storage) {
        case (_, .null):
            field.append(contentsOf: #"\N"#.utf8)
        case (.text, .string(let text)):
            try Self.appendEscaped(text.utf8, to: &field)
        case (.text, .int64(let number)):
            field.append(contentsOf: String(number).utf8)
        case (.text, .double(let number)):
            field.append(contentsOf: Self.text(of: number).utf8)
        case (.text, .blob(let bytes)):
            guard String(validating: bytes, as: UTF8.self) != nil else { throw CopyValueMismatch("bytes that are not UTF-8 text") }
            try Self.appendEscaped(bytes, to: &field)
        case (.bytes, .blob(let bytes)):
            Self.appendHex(bytes, to: &field)
        case (.bytes, .string(let text)):
            Self.appendHex(Data(text.utf8), to: &field)
        case (.integer, .int64(let number)):
            field.append(contentsOf: String(number).utf8)
        case (.integer, .double(let number)):
            guard let whole = Int64(exactly: number) else { throw CopyValueMismatch("the fraction \(number)") }
            field.append(contentsOf: String(whole).utf8)
        case (.integer, .string(let text)):
            guard let number = Int64(text) else { throw CopyValueMismatch("the text \(text.debugDescription.prefix(40))") }
            field.append(contentsOf: String(number).utf8)
        case (.float, .int64(let number)):
            field.append(contentsOf: String(number).utf8)
        case (.float, .double(let number)):
            field.append(contentsOf: Self.text(of: number).utf8)
        case (.float, .string(let text)):
            guard let number = Double(text) else { throw CopyValueMismatch("the text \(text.debugDescription.prefix(40))") }
            field.append(contentsOf: Self.text(of: number).utf8)
        case (.boolean, .int64(let number)) where number == 0 || number == 1:
            field.append(number == 1 ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case (_, .int64(let number)):
            throw CopyValueMismatch("the integer \(number)")
        case (_, .double(let number)):
            throw CopyValueMismatch("the number \(number)")
        case (_, .string(let text)):
            throw CopyValueMismatch("the text \(text.debugDescription.prefix(40))")
        case (_, .blob(let bytes)):
            throw CopyValueMismatch("\(bytes.count) bytes")
        }
    }

    /// `number` as PostgreSQL reads a float, infinities and NaN included.
    private static func text(of number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return "\(number)"
    }

    /// Appends text, escaping what COPY's text format reads specially; PostgreSQL text cannot
    /// hold a NUL character, so one is refused.
    private static func appendEscaped(_ bytes: some Sequence<UInt8>, to field: inout [UInt8]) throws(CopyValueMismatch) {
        for byte in bytes {
            switch byte {
            case 0: throw CopyValueMismatch("text with a NUL character, which PostgreSQL text cannot hold")
            case UInt8(ascii: "\\"): field.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\t"): field.append(contentsOf: #"\t"#.utf8)
            case UInt8(ascii: "\n"): field.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): field.append(contentsOf: #"\r"#.utf8)
            default: field.append(byte)
            }
        }
    }

    /// Appends bytes in bytea's hex form (`\x...`), its backslash escaped for COPY.
    private static func appendHex(_ bytes: Data, to field: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        field.append(contentsOf: #"\\x"#.utf8)
        field.reserveCapacity(field.count + bytes.count * 2)
        for byte in bytes {
            field.append(digits[Int(byte >> 4)])
            field.append(digits[Int(byte & 0x0f)])
        }
    }
}

/// A SQLite value a PostgreSQL column cannot hold, described.
struct CopyValueMismatch: Error {
    let value: String

    init(_ value: String) {
        self.value = value
    }
}
