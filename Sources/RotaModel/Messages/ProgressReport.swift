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

    /// The largest total a leaf keeps. A larger one is scaled down to it together with its
    /// current, keeping their ratio, so that sums over any number of leaves stay finite.
    public static let largestTotal: Double = 1e18

    /// A leaf's current and total made safe to add up: the total finite, from 0 to
    /// `largestTotal` (0 when it was not a positive number), the current from 0 to the total.
    public static func bounded(current: Double, total: Double) -> (current: Double, total: Double) {
        guard total > 0 else { return (0, 0) }
        let done = current.isNaN ? 0 : min(max(current, 0), total)
        guard total > largestTotal else { return (done, total) }
        let fraction = total.isFinite ? done / total : (done.isInfinite ? 1 : 0)
        return (fraction * largestTotal, largestTotal)
    }

    /// Sum of the leaves' current values and of their totals, each leaf `bounded`.
    public var overall: (current: Double, total: Double) {
        switch self {
        case .leaf(_, _, let current, let total):
            return Self.bounded(current: current, total: total)
        case .tree(_, _, let parts):
            return parts.reduce((0, 0)) { sum, part in
                let overall = part.overall
                return (sum.0 + overall.current, sum.1 + overall.total)
            }
        }
    }

    /// Done fraction in percent, always finite and within 0...100; a node without any total
    /// counts as 0.
    public var percentage: Double {
        let (current, total) = overall
        guard total > 0, total.isFinite else { return 0 }
        return min(max(current / total * 100, 0), 100)
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
    /// The progress JSON of `docs/PROTOCOL.md`.
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

    /// Reads progress JSON; `path` names where `value` sits, for the error. A leaf's numbers are
    /// `bounded` as they are read.
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
            let bounded = Self.bounded(current: current, total: total)
            self = .leaf(name: name, path: nodePath, current: bounded.current, total: bounded.total)
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
