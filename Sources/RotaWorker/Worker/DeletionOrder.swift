import RotaModel

/// The order in which cleanup deletes marked resources: children before their parents.
///
/// A resource's parent is the resource its `parent` names (a volume's instance, a mount's host).
/// Among the marked resources, a resource whose parent is marked too sits one level below it;
/// deletion goes from the deepest level up, so an instance is deleted only after its marked
/// volumes are. Resources of one level do not depend on each other and may be deleted at once.
/// A parent that is not marked is not followed further up, and a cycle of parents is cut where
/// it closes.
struct DeletionOrder: Sendable {
    /// The resources by level, deepest first; each level in id order.
    let levels: [[Resource]]
    /// The ids of the marked children of each marked resource.
    let children: [String: [String]]

    init(_ resources: [Resource]) {
        let byID = Dictionary(resources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var children: [String: [String]] = [:]
        for resource in resources {
            if let parent = Self.markedParent(of: resource, in: byID) { children[parent, default: []].append(resource.id) }
        }
        var depths: [String: Int] = [:]
        for resource in resources where depths[resource.id] == nil {
            var chain = [resource.id]
            var onChain: Set<String> = [resource.id]
            var base = -1
            while let parent = byID[chain[chain.count - 1]].flatMap({ Self.markedParent(of: $0, in: byID) }), !onChain.contains(parent) {
                if let known = depths[parent] {
                    base = known
                    break
                }
                chain.append(parent)
                onChain.insert(parent)
            }
            for (offset, id) in chain.reversed().enumerated() { depths[id] = base + 1 + offset }
        }
        let grouped = Dictionary(grouping: byID.values) { depths[$0.id] ?? 0 }
        levels = grouped.keys.sorted(by: >).map { depth in grouped[depth, default: []].sorted { $0.id < $1.id } }
        self.children = children.mapValues { $0.sorted() }
    }

    /// The id of the resource's parent when the parent is among the marked resources.
    private static func markedParent(of resource: Resource, in byID: [String: Resource]) -> String? {
        guard let parent = resource.parent, parent != resource.id, byID[parent] != nil else { return nil }
        return parent
    }
}
