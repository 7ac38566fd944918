import Foundation
import RotaModel

/// The JSON coding of the REST API on both sides: times as `Timestamp` writes them (ISO-8601 in
/// UTC with milliseconds), keys sorted, slashes unescaped.
public enum APICoding {
    /// An encoder that writes API bodies as the core answers them.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }

    /// A decoder that reads API bodies, taking any ISO-8601 time `Timestamp` reads.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an ISO-8601 time")
            }
            return date
        }
        return decoder
    }

    /// `value` as a JSON tree, as it goes on the wire.
    public static func tree(of value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try encoder().encode(value))
    }

    /// A JSON tree read as `Value`.
    public static func value<Value: Decodable>(_ type: Value.Type, from tree: JSONValue) throws -> Value {
        try decoder().decode(type, from: try JSONEncoder().encode(tree))
    }
}
