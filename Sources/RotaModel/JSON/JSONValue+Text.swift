import Foundation

/// JSON text that is not valid: where (the byte offset) and what is wrong.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let message: String

    public var description: String { "at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Reads one JSON value from UTF-8 text; only whitespace may follow it. Faster than going
    /// through `JSONDecoder`, for the messages and bodies the core reads all the time.
    public init(jsonBytes bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        var scanner = JSONScanner(bytes: bytes)
        do {
            self = try scanner.readValue()
            try scanner.expectEnd()
        } catch {
            throw JSONSyntaxError(offset: error.offset, message: error.message)
        }
    }

    /// Reads one JSON value from `text`.
    public init(jsonText text: String) throws(JSONSyntaxError) {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(JSONSyntaxError) in try JSONValue(jsonBytes: bytes) } }
        self = try result.get()
    }

    /// Reads one JSON value from `data`.
    public init(jsonData data: Data) throws(JSONSyntaxError) {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) in try JSONValue(jsonBytes: raw.bindMemory(to: UInt8.self)) }
        }
        self = try result.get()
    }

    /// Compact JSON, object keys in order of their UTF-8 bytes, so equal values give equal bytes.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.bytes
    }

    /// Compact JSON text, as `jsonBytes`.
    public var jsonText: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }
}
