import Foundation

/// Any key of a resource's JSON object, so that `Codable` can name the keys it does not know.
struct ResourceCodingKey: CodingKey, Hashable {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ stringValue: String) {
        self.stringValue = stringValue
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

extension KeyedDecodingContainer where Key == ResourceCodingKey {
    /// Fails on the first key that is not in `known`.
    func rejectUnknownKeys(_ known: [String]) throws {
        for key in allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "is not a known key (expected one of \(known.joined(separator: ", ")))")
        }
    }

    /// An ISO-8601 time, nil when the key is missing or null.
    func decodeTime(_ key: String) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: ResourceCodingKey(key)) else { return nil }
        guard let date = Timestamp.date(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: ResourceCodingKey(key), in: self, debugDescription: "\"\(text)\" is not an ISO-8601 time such as 2026-11-01T00:00:00Z")
        }
        return date
    }
}

extension KeyedEncodingContainer where Key == ResourceCodingKey {
    /// Encodes an ISO-8601 time; null when `date` is nil and `writesNull` is set, nothing otherwise.
    mutating func encodeTime(_ date: Date?, forKey key: String, writesNull: Bool) throws {
        if let date {
            try encode(Timestamp.string(date, fraction: .asNeeded), forKey: ResourceCodingKey(key))
        } else if writesNull {
            try encodeNil(forKey: ResourceCodingKey(key))
        }
    }
}
