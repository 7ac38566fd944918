import Foundation

/// The `data` object of a message while it is being read: typed fields are taken out one by one,
/// and whatever remains is kept as the message's extra data, so unknown keys survive.
struct MessageData {
    private(set) var remaining: [String: JSONValue]
    let kind: MessageKind

    init(_ data: [String: JSONValue], kind: MessageKind) {
        self.remaining = data
        self.kind = kind
    }

    /// Removes and returns the string at `key`; throws when it is missing or not a string.
    mutating func takeString(_ key: String) throws -> String {
        guard let value = remaining.removeValue(forKey: key) else {
            throw MessageDecodingError(kind: kind, path: "data.\(key)", problem: "is missing")
        }
        guard let string = value.stringValue else {
            throw MessageDecodingError(kind: kind, path: "data.\(key)", problem: "must be a string, not \(value.typeName)")
        }
        return string
    }

    /// Removes and returns the string at `key` if there is one; a value of another type stays in the extra data.
    mutating func takeOptionalString(_ key: String) -> String? {
        guard let string = remaining[key]?.stringValue else { return nil }
        remaining.removeValue(forKey: key)
        return string
    }

    /// Removes and returns the raw value at `key`; throws when it is missing.
    mutating func takeValue(_ key: String) throws -> JSONValue {
        guard let value = remaining.removeValue(forKey: key) else {
            throw MessageDecodingError(kind: kind, path: "data.\(key)", problem: "is missing")
        }
        return value
    }

    /// Reads the `task`, `step` and `subscriber_id` fields that every action message carries.
    mutating func takeActionReference() throws -> ActionReference {
        ActionReference(
            task: try takeString("task"),
            step: try takeString("step"),
            subscriberId: takeOptionalString("subscriber_id"))
    }
}

/// Why a message could not be read: the message kind, the path of the field and what is wrong.
public struct MessageDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public let kind: MessageKind?
    public let path: String
    public let problem: String

    public var description: String {
        let subject = kind.map { "\($0.rawValue) message" } ?? "message"
        return path.isEmpty ? "\(subject) \(problem)" : "\(subject): \(path) \(problem)"
    }
}
