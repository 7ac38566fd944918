import Foundation

/// Reads resources from their JSON lines: the body of `POST /resources/merge`, the output of
/// `exec` collectors, and (with `metadata`) the stored resources the core's API returns.
///
/// A line is one JSON object with the keys `id` and `kind` (required, non-empty strings),
/// `name`, `cloud`, `account`, `region`, `parent` (strings), `tags` (an object of strings),
/// `ctime` (ISO-8601, see ``Timestamp``) and `attributes` (an object of any values). Optional
/// keys may be null or left out; `name` defaults to the id. Any other key, a key given twice or
/// a value of the wrong type is an error naming the key's path, such as `tags.env`.
///
/// Hand-written over the bytes (no `JSONDecoder`, no intermediate tree): the merge reads a
/// million lines in one request. `Resource`'s `Codable` conformance reads the same JSON.
public struct ResourceLineDecoder: Sendable {
    /// The keys a resource line may hold, in the order the encoder writes them.
    public static let keys = ["id", "kind", "name", "cloud", "account", "region", "parent", "tags", "ctime", "attributes"]

    /// The cloud of a line that has none; without it, `cloud` is required.
    public var defaultCloud: String?
    /// The account of a line that has none; without it, `account` is required.
    public var defaultAccount: String?

    public init(defaultCloud: String? = nil, defaultAccount: String? = nil) {
        self.defaultCloud = defaultCloud
        self.defaultAccount = defaultAccount
    }

    /// Reads one resource line (without its line break).
    public func decode(_ line: UnsafeBufferPointer<UInt8>) throws(ResourceDecodingError) -> Resource {
        var parser = ResourceLineParser(bytes: line)
        return try parser.resource(defaultCloud: defaultCloud, defaultAccount: defaultAccount, allowsMetadata: false).resource
    }

    /// Reads one resource line (without its line break).
    public func decode(_ line: some Collection<UInt8>) throws(ResourceDecodingError) -> Resource {
        try Self.withBuffer(line) { buffer throws(ResourceDecodingError) in try decode(buffer) }
    }

    /// Reads one resource line (without its line break).
    public func decode(_ line: String) throws(ResourceDecodingError) -> Resource {
        try decode(line.utf8)
    }

    /// Reads a stored resource as the API returns it: a resource line plus its `metadata`.
    public func decodeStored(_ line: some Collection<UInt8>) throws(ResourceDecodingError) -> StoredResource {
        try Self.withBuffer(line) { buffer throws(ResourceDecodingError) in
            var parser = ResourceLineParser(bytes: buffer)
            let (resource, metadata) = try parser.resource(defaultCloud: defaultCloud, defaultAccount: defaultAccount, allowsMetadata: true)
            guard let metadata else { throw ResourceDecodingError(path: "metadata", message: "is required") }
            return StoredResource(resource: resource, metadata: metadata)
        }
    }

    /// Reads a stored resource as the API returns it: a resource line plus its `metadata`.
    public func decodeStored(_ line: String) throws(ResourceDecodingError) -> StoredResource {
        try decodeStored(line.utf8)
    }

    /// Reads the JSON of a resource's `tags` alone (an object of strings), as the store keeps it.
    public static func decodeTags(_ json: String) throws(ResourceDecodingError) -> [String: String] {
        try withBuffer(json.utf8) { buffer throws(ResourceDecodingError) in
            var parser = ResourceLineParser(bytes: buffer)
            parser.field = "tags"
            let tags = try parser.tags()
            try parser.syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.expectEnd() }
            return tags
        }
    }

    /// Reads the JSON of a resource's `attributes` alone (an object), as the store keeps it.
    public static func decodeAttributes(_ json: String) throws(ResourceDecodingError) -> [String: JSONValue] {
        try withBuffer(json.utf8) { buffer throws(ResourceDecodingError) in
            var parser = ResourceLineParser(bytes: buffer)
            parser.field = "attributes"
            let attributes = try parser.attributes()
            try parser.syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.expectEnd() }
            return attributes
        }
    }

    private static func withBuffer<Result>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws(ResourceDecodingError) -> Result
    ) throws(ResourceDecodingError) -> Result {
        let outcome = bytes.withContiguousStorageIfAvailable { buffer in
            Swift.Result { () throws(ResourceDecodingError) in try body(buffer) }
        } ?? Array(bytes).withUnsafeBufferPointer { buffer in
            Swift.Result { () throws(ResourceDecodingError) in try body(buffer) }
        }
        return try outcome.get()
    }
}

/// The state of reading one line: the scanner and where it is, as the top-level key and the key
/// within that key's object (the parts of an error's path, joined only when there is an error).
private struct ResourceLineParser {
    var scanner: JSONScanner
    var field = ""
    var member: String?

    init(bytes: UnsafeBufferPointer<UInt8>) {
        scanner = JSONScanner(bytes: bytes)
    }

    /// The position of `key` in ``ResourceLineDecoder/keys`` (`metadata` after them); nil for
    /// any other key. Keys are told apart by length first, since comparing unequal strings is
    /// slow and this runs for every key of every line.
    static func keyIndex(_ key: String, allowsMetadata: Bool) -> Int? {
        let index: Int
        switch key.utf8.count {
        case 2: index = 0
        case 4: index = key.utf8.first == UInt8(ascii: "k") ? 1 : key.utf8.first == UInt8(ascii: "n") ? 2 : 7
        case 5: index = key.utf8.last == UInt8(ascii: "d") ? 3 : 8
        case 6: index = key.utf8.first == UInt8(ascii: "r") ? 5 : 6
        case 7: index = 4
        case 8 where allowsMetadata: index = 10
        case 10: index = 9
        default: return nil
        }
        let known = index < ResourceLineDecoder.keys.count ? ResourceLineDecoder.keys[index] : "metadata"
        return key == known ? index : nil
    }

    mutating func resource(
        defaultCloud: String?, defaultAccount: String?, allowsMetadata: Bool
    ) throws(ResourceDecodingError) -> (resource: Resource, metadata: ResourceMetadata?) {
        scanner.skipWhitespace()
        guard scanner.nextValueStarts(with: UInt8(ascii: "{")) else {
            throw ResourceDecodingError(path: "", message: "a resource must be a JSON object, not \(scanner.typeNameOfNextValue())")
        }
        try beginObject()
        var id: String?
        var kind: String?
        var name: String?
        var cloud: String?
        var account: String?
        var region: String?
        var parent: String?
        var tags: [String: String] = [:]
        var ctime: Date?
        var attributes: [String: JSONValue] = [:]
        var metadata: ResourceMetadata?
        var seenKeys: UInt16 = 0
        while let key = try nextKey() {
            field = key
            guard let index = Self.keyIndex(key, allowsMetadata: allowsMetadata) else {
                let expected = ResourceLineDecoder.keys + (allowsMetadata ? ["metadata"] : [])
                throw problem("is not a resource key (expected one of \(expected.joined(separator: ", ")))")
            }
            guard seenKeys & (1 << index) == 0 else { throw problem("appears twice") }
            seenKeys |= 1 << index
            switch index {
            case 0: id = try nonEmptyString()
            case 1: kind = try nonEmptyString()
            case 2: name = try optionalString()
            case 3: cloud = try optionalNonEmptyString()
            case 4: account = try optionalNonEmptyString()
            case 5: region = try optionalString()
            case 6: parent = try optionalString()
            case 7: tags = try self.tags()
            case 8: ctime = try optionalTime()
            case 9: attributes = try self.attributes()
            default: metadata = try self.metadata()
            }
        }
        field = ""
        try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.expectEnd() }
        guard let id else { throw ResourceDecodingError(path: "id", message: "is required") }
        guard let kind else { throw ResourceDecodingError(path: "kind", message: "is required") }
        guard let cloud = cloud ?? defaultCloud else { throw ResourceDecodingError(path: "cloud", message: "is required") }
        guard let account = account ?? defaultAccount else { throw ResourceDecodingError(path: "account", message: "is required") }
        let resource = Resource(
            id: id, kind: kind, name: name, cloud: cloud, account: account, region: region, parent: parent, tags: tags,
            ctime: ctime, attributes: attributes)
        return (resource, metadata)
    }

    /// An object of strings; null reads as no tags.
    mutating func tags() throws(ResourceDecodingError) -> [String: String] {
        guard try !skipNull() else { return [:] }
        try expectObject()
        try beginObject()
        var tags: [String: String] = [:]
        while let key = try nextKey() {
            member = key
            try expectString()
            let value = try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.readString() }
            guard tags.updateValue(value, forKey: key) == nil else { throw problem("appears twice") }
        }
        member = nil
        return tags
    }

    /// An object of any values; null reads as no attributes.
    mutating func attributes() throws(ResourceDecodingError) -> [String: JSONValue] {
        guard try !skipNull() else { return [:] }
        try expectObject()
        try beginObject()
        var attributes: [String: JSONValue] = [:]
        while let key = try nextKey() {
            member = key
            let value = try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.readValue(depth: 1) }
            guard attributes.updateValue(value, forKey: key) == nil else { throw problem("appears twice") }
        }
        member = nil
        return attributes
    }

    /// The `metadata` object of a stored resource.
    mutating func metadata() throws(ResourceDecodingError) -> ResourceMetadata {
        try expectObject()
        try beginObject()
        var firstSeen: Date?
        var lastSeen: Date?
        var metadata = ResourceMetadata(firstSeen: .distantPast, lastSeen: .distantPast)
        while let key = try nextKey() {
            member = key
            switch key {
            case "first_seen": firstSeen = try optionalTime()
            case "last_seen": lastSeen = try optionalTime()
            case "expires": metadata.expires = try optionalTime()
            case "cleaned": metadata.cleaned = try optionalTime()
            case "protected":
                guard case .bool(let value) = try syntax({ scanner throws(JSONScanner.SyntaxError) in try scanner.readValue() })
                else { throw problem("must be true or false") }
                metadata.protected = value
            case "clean": metadata.clean = try cleanMark()
            default: throw problem("is not a metadata key")
            }
        }
        guard let firstSeen else { throw ResourceDecodingError(path: "metadata.first_seen", message: "is required") }
        guard let lastSeen else { throw ResourceDecodingError(path: "metadata.last_seen", message: "is required") }
        metadata.firstSeen = firstSeen
        metadata.lastSeen = lastSeen
        member = nil
        return metadata
    }

    mutating func cleanMark() throws(ResourceDecodingError) -> CleanMark? {
        guard try !skipNull() else { return nil }
        guard case .object(let members) = try syntax({ scanner throws(JSONScanner.SyntaxError) in try scanner.readValue() }),
            case .string(let reason) = members["reason"], case .string(let atText) = members["at"],
            let at = Timestamp.date(atText)
        else { throw problem("must be null or {\"reason\": string, \"at\": ISO-8601 time}") }
        return CleanMark(reason: reason, at: at)
    }

    mutating func nonEmptyString() throws(ResourceDecodingError) -> String {
        try expectString()
        let value = try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.readString() }
        guard !value.isEmpty else { throw problem("must not be empty") }
        return value
    }

    mutating func optionalNonEmptyString() throws(ResourceDecodingError) -> String? {
        guard try !skipNull() else { return nil }
        return try nonEmptyString()
    }

    mutating func optionalString() throws(ResourceDecodingError) -> String? {
        guard try !skipNull() else { return nil }
        try expectString()
        return try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.readString() }
    }

    mutating func optionalTime() throws(ResourceDecodingError) -> Date? {
        guard let text = try optionalString() else { return nil }
        guard let date = Timestamp.date(text) else {
            throw problem("\"\(text)\" is not an ISO-8601 time such as 2026-11-01T00:00:00Z")
        }
        return date
    }

    /// Consumes the `{` of an object whose keys are read next.
    mutating func beginObject() throws(ResourceDecodingError) {
        try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.beginObject() }
        isFirstKey = true
    }

    /// The next key of the object being read; nil at its end. Objects nest only as the value of
    /// a key, so after an inner object ends the outer one always expects a comma or its end.
    mutating func nextKey() throws(ResourceDecodingError) -> String? {
        var isFirst = isFirstKey
        let key = try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.nextKey(isFirst: &isFirst) }
        isFirstKey = false
        return key
    }

    /// Whether the next key read is the first of its object.
    private var isFirstKey = true

    mutating func skipNull() throws(ResourceDecodingError) -> Bool {
        try syntax { scanner throws(JSONScanner.SyntaxError) in try scanner.skipNull() }
    }

    /// Fails unless the next value is of `type`, which starts with `opening`.
    func expect(_ type: String, opening: UInt8) throws(ResourceDecodingError) {
        guard !scanner.nextValueStarts(with: opening) else { return }
        let actual = scanner.typeNameOfNextValue()
        if actual == "invalid JSON" { throw syntaxProblem(scanner.failure("expected a value")) }
        throw problem("must be \(type == "object" ? "an" : "a") \(type), not \(actual)")
    }

    func expectString() throws(ResourceDecodingError) {
        try expect("string", opening: UInt8(ascii: "\""))
    }

    func expectObject() throws(ResourceDecodingError) {
        try expect("object", opening: UInt8(ascii: "{"))
    }

    mutating func syntax<Value>(
        _ read: (inout JSONScanner) throws(JSONScanner.SyntaxError) -> Value
    ) throws(ResourceDecodingError) -> Value {
        do throws(JSONScanner.SyntaxError) {
            let value = try read(&scanner)
            return value
        } catch {
            throw syntaxProblem(error)
        }
    }

    /// The path of the value being read: `tags.env`, `ctime`, empty for the line itself.
    var path: String {
        member.map { Self.memberPath(field, $0) } ?? field
    }

    func problem(_ message: String) -> ResourceDecodingError {
        ResourceDecodingError(path: path, message: message)
    }

    func syntaxProblem(_ error: JSONScanner.SyntaxError) -> ResourceDecodingError {
        ResourceDecodingError(path: path, message: "invalid JSON at column \(error.offset + 1): \(error.message)")
    }

    /// `tags.env` for plain keys, `tags["cost center"]` for keys with other characters.
    static func memberPath(_ object: String, _ key: String) -> String {
        let isPlain = !key.isEmpty && key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "/"):
                return true
            default:
                return false
            }
        }
        if isPlain { return "\(object).\(key)" }
        var writer = JSONWriter()
        writer.string(key)
        return "\(object)[\(String(decoding: writer.bytes, as: UTF8.self))]"
    }
}
