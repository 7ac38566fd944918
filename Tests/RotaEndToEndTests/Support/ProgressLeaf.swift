import RotaModel

/// One leaf of a run's `progress_tree`, with its path from the run's root.
struct ProgressLeaf: Hashable, CustomStringConvertible {
    var path: [String]
    var name: String
    var current: Double
    var total: Double

    var description: String { "\((path + [name]).joined(separator: "/")) \(current)/\(total)" }
}

/// Every leaf of a progress tree as the core shows it.
func progressLeaves(_ tree: JSONValue?) -> [ProgressLeaf] {
    guard let tree else { return [] }
    if tree["kind"] == "progress" {
        return [
            ProgressLeaf(
                path: tree["path"]?.arrayValue?.compactMap(\.stringValue) ?? [], name: tree["name"]?.stringValue ?? "",
                current: tree["current"]?.doubleValue ?? -1, total: tree["total"]?.doubleValue ?? -1)
        ]
    }
    return (tree["parts"]?.arrayValue ?? []).flatMap(progressLeaves)
}
