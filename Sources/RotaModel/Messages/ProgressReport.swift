/// Progress as actors report it and as the core shows it: a leaf with a current and a total,
/// or a tree of parts. `path` places the node inside a larger tree.
public indirect enum ProgressReport: Sendable, Hashable {
    /// `{"kind": "progress", "name": N, "path": [..], "current": c, "total": t}`
    case leaf(name: String, path: [String], current: Double, total: Double)
    /// `{"kind": "tree", "name": N, "path": [..], "parts": [<progress>, ...]}`
    case tree(name: String, path: [String], parts: [ProgressReport])

    /// The node's name.
    public var name: String {
        switch self {
        case .leaf(let name, _, _, _), .tree(let name, _, _): return name
        }
    }

    /// Where the node sits in a larger tree.
    public var path: [String] {
        switch self {
        case .leaf(_, let path, _, _), .tree(_, let path, _): return path
        }
    }

    /// Sum of the leaves' current values and of their totals.
    public var overall: (current: Double, total: Double) {
        switch self {
        case .leaf(_, _, let current, let total):
            return (min(max(current, 0), max(total, 0)), max(total, 0))
        case .tree(_, _, let parts):
            return parts.reduce((0, 0)) { sum, part in
                let overall = part.overall
                return (sum.0 + overall.current, sum.1 + overall.total)
            }
        }
    }

    /// Done fraction in percent (0...100); a node without any total counts as 0.
    public var percentage: Double {
        let (current, total) = overall
        return total > 0 ? current / total * 100 : 0
    }

    /// Every leaf below this node, with its path made absolute (the tree's path and name
    /// prefixed), so a tree can be merged into another one leaf by leaf.
    public var leaves: [(path: [String], name: String, current: Double, total: Double)] {
        switch self {
        case .leaf(let name, let path, let current, let total):
            return [(path, name, current, total)]
        case .tree(let name, let path, let parts):
            return parts.flatMap { part in
                part.leaves.map { leaf in (path + [name] + leaf.path, leaf.name, leaf.current, leaf.total) }
            }
        }
    }
}

extension ProgressReport {
    /// The progress JSON of `PROTOCOL.md`.
    public var json: JSONValue {
        switch self {
        case .leaf(let name, let path, let current, let total):
            return [
                "kind": "progress", "name": .string(name), "path": .array(path.map(JSONValue.string)),
                "current": .number(current), "total": .number(total),
            ]
        case .tree(let name, let path, let parts):
            return [
                "kind": "tree", "name": .string(name), "path": .array(path.map(JSONValue.string)),
                "parts": .array(parts.map(\.json)),
            ]
        }
    }

    /// Reads progress JSON; `path` names where `value` sits, for the error.
    public init(json value: JSONValue, path: String = "progress") throws {
        guard let object = value.objectValue else {
            throw MessageDecodingError(kind: nil, path: path, problem: "must be an object, not \(value.typeName)")
        }
        guard let name = object["name"]?.stringValue else {
            throw MessageDecodingError(kind: nil, path: "\(path).name", problem: "must be a string")
        }
        let nodePath = object["path"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch object["kind"]?.stringValue {
        case "progress":
            guard let current = object["current"]?.doubleValue, let total = object["total"]?.doubleValue else {
                throw MessageDecodingError(kind: nil, path: path, problem: "needs numbers current and total")
            }
            self = .leaf(name: name, path: nodePath, current: current, total: total)
        case "tree":
            guard let parts = object["parts"]?.arrayValue else {
                throw MessageDecodingError(kind: nil, path: "\(path).parts", problem: "must be an array")
            }
            self = .tree(
                name: name, path: nodePath,
                parts: try parts.enumerated().map { index, part in
                    try ProgressReport(json: part, path: "\(path).parts[\(index)]")
                })
        default:
            throw MessageDecodingError(kind: nil, path: "\(path).kind", problem: "must be \"progress\" or \"tree\"")
        }
    }
}
