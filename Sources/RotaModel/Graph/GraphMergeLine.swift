/// One line of a graph merge (`POST /graph/{graph}/merge`, JSON lines as Fix Inventory's worker
/// sends them): a node, an edge between two nodes, or an edge whose ends are found after the
/// merge (a deferred edge).
public enum GraphMergeLine: Sendable {
    case node(GraphMergeNode)
    case edge(GraphMergeEdge)
    case deferredEdge(GraphDeferredEdge)
}

/// A node line: `{"id", "reported": {"kind", "id", "name", "tags", "ctime", ...}, "metadata": {...},
/// "desired": {...}}`. The sections are kept as the byte ranges of the line they came from, so
/// that they are stored whole without being written again.
public struct GraphMergeNode: Sendable {
    /// The node id, unique in the inventory.
    public var id: String
    /// `reported.kind`.
    public var kind: String
    /// `reported.id`: the resource's id in its cloud.
    public var reportedId: String
    /// `reported.name`, when given as a string.
    public var name: String?
    /// `metadata.replace`: the merge replaces everything below this node.
    public var replace: Bool
    /// The `reported` object, read in full; nil unless the line was read ``GraphLineReader/Reading/whole``.
    public var reported: JSONValue?
    /// `reported.tags` (its string values) and `reported.ctime`, read unless the line was only
    /// skimmed.
    public var tags: [String: String] = [:]
    public var ctime: String?
    /// Where the `reported` object, and `metadata` and `desired` if present, are in the line.
    public var reportedBytes: Range<Int>
    public var metadataBytes: Range<Int>?
    public var desiredBytes: Range<Int>?
}

/// An edge line: `{"from", "to", "edge_type"}`; the type is `default` when left out.
public struct GraphMergeEdge: Sendable, Hashable {
    public var from: String
    public var to: String
    public var type: String

    public init(from: String, to: String, type: String) {
        self.from = from
        self.to = to
        self.type = type
    }
}

/// How a deferred edge names one of its ends: by node id, or by a search of the graph.
public enum GraphNodeSelector: Sendable, Hashable {
    case nodeId(String)
    case search(String)
}

/// A deferred edge line: `{"from_selector": S, "to_selector": S, "edge_type"}`, each selector
/// `{"node_id": ID}` or `{"search_criteria": QUERY}`. Every node the `from` selector finds gets
/// an edge to every node the `to` selector finds.
public struct GraphDeferredEdge: Sendable, Hashable {
    public var from: GraphNodeSelector
    public var to: GraphNodeSelector
    public var type: String
}

/// Reads the lines of a graph merge. The longest id, kind or edge type accepted is
/// ``maximumIdLength`` bytes; a line is refused with a ``ResourceMergeError`` naming the key.
public enum GraphLineReader {
    /// The longest node id, kind or edge type, in UTF-8 bytes.
    public static let maximumIdLength = 512
    /// The longest search of a deferred edge, in UTF-8 bytes.
    public static let maximumSearchLength = 4096

    /// How much of a node's `reported` object a reading takes.
    public enum Reading: Sendable {
        /// Its kind, id and name: what placing nodes needs.
        case skim
        /// Also its tags and ctime, what a resource row needs beside the object's bytes; the
        /// rest of the object is checked, not built.
        case tagsAndTime
        /// The whole object as a ``JSONValue``.
        case whole
    }

    /// Reads one line (without its line break); `readsReported` reads the node's `reported`
    /// object in full, otherwise only its kind, id and name.
    public static func read(_ line: UnsafeBufferPointer<UInt8>, number: Int, readsReported: Bool) throws(ResourceMergeError) -> GraphMergeLine {
        try read(line, number: number, reading: readsReported ? .whole : .skim)
    }

    /// Reads one line (without its line break), as much of a node's `reported` as `reading` says.
    public static func read(_ line: UnsafeBufferPointer<UInt8>, number: Int, reading: Reading) throws(ResourceMergeError) -> GraphMergeLine {
        var scanner = JSONScanner(bytes: line)
        do {
            return try read(&scanner, number: number, reading: reading)
        } catch let error as LineFailure {
            throw ResourceMergeError(line: number, path: error.path, message: error.message)
        } catch let error as JSONScanner.SyntaxError {
            throw ResourceMergeError(line: number, path: "", message: "not JSON: at byte \(error.offset): \(error.message)")
        } catch {
            throw ResourceMergeError(line: number, path: "", message: "\(error)")
        }
    }

    /// A refusal of one key of the line.
    private struct LineFailure: Error {
        let path: String
        let message: String
    }

    /// The keys of a line that are read; one given twice is refused (the others are passed over).
    private static let knownKeys = ["id", "from", "to", "edge_type", "reported", "metadata", "desired", "from_selector", "to_selector"]

    private static func read(_ scanner: inout JSONScanner, number: Int, reading: Reading) throws -> GraphMergeLine {
        try scanner.beginObject()
        var id: String?
        var reported: ReportedSection?
        var metadata: (replace: Bool, bytes: Range<Int>)?
        var desiredBytes: Range<Int>?
        var from: String?
        var to: String?
        var edgeType: String?
        var fromSelector: GraphNodeSelector?
        var toSelector: GraphNodeSelector?
        var isFirst = true
        var keysRead: UInt16 = 0
        while let key = try scanner.nextKey(isFirst: &isFirst) {
            if let bit = Self.knownKeys.firstIndex(of: key) {
                guard keysRead & (1 << bit) == 0 else { throw LineFailure(path: key, message: "appears twice") }
                keysRead |= 1 << bit
            }
            switch key {
            case "id": id = try identifier(&scanner, key)
            case "from": from = try identifier(&scanner, key)
            case "to": to = try identifier(&scanner, key)
            case "edge_type": edgeType = try identifier(&scanner, key)
            case "reported": reported = try readReported(&scanner, reading)
            case "metadata": metadata = try readMetadata(&scanner)
            case "desired":
                let start = scanner.position
                guard scanner.nextValueStarts(with: UInt8(ascii: "{")) else { throw LineFailure(path: key, message: "must be an object") }
                try scanner.skipValue()
                desiredBytes = start..<scanner.position
            case "from_selector": fromSelector = try selector(&scanner, key)
            case "to_selector": toSelector = try selector(&scanner, key)
            default: try scanner.skipValue()
            }
        }
        try scanner.expectEnd()
        if let id {
            guard let reported else { throw LineFailure(path: "reported", message: "is required on a node (a line with an id)") }
            return .node(
                GraphMergeNode(
                    id: id, kind: reported.kind, reportedId: reported.id, name: reported.name, replace: metadata?.replace ?? false,
                    reported: reported.value, tags: reported.tags, ctime: reported.ctime, reportedBytes: reported.bytes,
                    metadataBytes: metadata?.bytes, desiredBytes: desiredBytes))
        }
        if let from, let to {
            return .edge(GraphMergeEdge(from: from, to: to, type: edgeType ?? "default"))
        }
        if let fromSelector, let toSelector {
            return .deferredEdge(GraphDeferredEdge(from: fromSelector, to: toSelector, type: edgeType ?? "default"))
        }
        throw LineFailure(
            path: "",
            message: "is neither a node ({\"id\", \"reported\"}), an edge ({\"from\", \"to\"}) nor a deferred edge ({\"from_selector\", \"to_selector\"})")
    }

    /// A non-empty string of at most ``maximumIdLength`` bytes.
    private static func identifier(_ scanner: inout JSONScanner, _ path: String) throws -> String {
        guard scanner.nextValueStarts(with: UInt8(ascii: "\"")) else {
            throw LineFailure(path: path, message: "must be a string, not \(scanner.typeNameOfNextValue())")
        }
        let text = try scanner.readString()
        guard !text.isEmpty else { throw LineFailure(path: path, message: "must not be empty") }
        guard text.utf8.count <= maximumIdLength else { throw LineFailure(path: path, message: "is longer than \(maximumIdLength) bytes") }
        return text
    }

    /// What a line's `reported` object gave.
    private struct ReportedSection {
        var kind = ""
        var id = ""
        var name: String?
        var value: JSONValue?
        var tags: [String: String] = [:]
        var ctime: String?
        var bytes: Range<Int> = 0..<0
    }

    /// The `reported` object: its kind and id are required.
    private static func readReported(_ scanner: inout JSONScanner, _ reading: Reading) throws -> ReportedSection {
        guard scanner.nextValueStarts(with: UInt8(ascii: "{")) else {
            throw LineFailure(path: "reported", message: "must be an object, not \(scanner.typeNameOfNextValue())")
        }
        let start = scanner.position
        var section = ReportedSection()
        var kind: String?
        var id: String?
        if reading == .whole {
            let value = try scanner.readValue()
            kind = value["kind"]?.stringValue
            id = value["id"]?.stringValue
            section.name = value["name"]?.stringValue
            section.value = value
        } else {
            try scanner.beginObject()
            var isFirst = true
            while let key = try scanner.nextKey(isFirst: &isFirst) {
                let isString = scanner.nextValueStarts(with: UInt8(ascii: "\""))
                switch key {
                case "kind" where isString: kind = try scanner.readString()
                case "id" where isString: id = try scanner.readString()
                case "name" where isString: section.name = try scanner.readString()
                case "ctime" where isString && reading == .tagsAndTime: section.ctime = try scanner.readString()
                case "tags" where reading == .tagsAndTime && scanner.nextValueStarts(with: UInt8(ascii: "{")):
                    try scanner.beginObject()
                    var isFirstTag = true
                    while let tag = try scanner.nextKey(isFirst: &isFirstTag) {
                        if scanner.nextValueStarts(with: UInt8(ascii: "\"")) {
                            section.tags[tag] = try scanner.readString()
                        } else {
                            try scanner.skipValue()
                        }
                    }
                default: try scanner.skipValue()
                }
            }
        }
        guard let kind, !kind.isEmpty, kind.utf8.count <= maximumIdLength else {
            throw LineFailure(path: "reported.kind", message: "must be a non-empty string of at most \(maximumIdLength) bytes")
        }
        guard let id else { throw LineFailure(path: "reported.id", message: "must be a string") }
        section.kind = kind
        section.id = id
        section.bytes = start..<scanner.position
        return section
    }

    /// The `metadata` object, with its `replace` flag.
    private static func readMetadata(_ scanner: inout JSONScanner) throws -> (replace: Bool, bytes: Range<Int>) {
        guard scanner.nextValueStarts(with: UInt8(ascii: "{")) else {
            throw LineFailure(path: "metadata", message: "must be an object, not \(scanner.typeNameOfNextValue())")
        }
        let start = scanner.position
        try scanner.beginObject()
        var replace = false
        var isFirst = true
        while let key = try scanner.nextKey(isFirst: &isFirst) {
            if key == "replace", scanner.nextValueStarts(with: UInt8(ascii: "t")) {
                replace = try scanner.readValue() == .bool(true)
            } else {
                try scanner.skipValue()
            }
        }
        return (replace, start..<scanner.position)
    }

    /// `{"node_id": ID}` or `{"search_criteria": QUERY}`.
    private static func selector(_ scanner: inout JSONScanner, _ path: String) throws -> GraphNodeSelector {
        guard scanner.nextValueStarts(with: UInt8(ascii: "{")) else {
            throw LineFailure(path: path, message: "must be an object, not \(scanner.typeNameOfNextValue())")
        }
        guard case .object(let members) = try scanner.readValue(), members.count == 1 else {
            throw LineFailure(path: path, message: "must hold one key: node_id or search_criteria")
        }
        switch (members["node_id"], members["search_criteria"]) {
        case (.string(let id)?, nil) where !id.isEmpty && id.utf8.count <= maximumIdLength:
            return .nodeId(id)
        case (nil, .string(let search)?) where !search.isEmpty && search.utf8.count <= maximumSearchLength:
            return .search(search)
        default:
            throw LineFailure(
                path: path,
                message: "must be {\"node_id\": ID} (at most \(maximumIdLength) bytes) or {\"search_criteria\": QUERY} (at most \(maximumSearchLength) bytes)")
        }
    }
}
