/// The kinds of the graph's model with their bases, as collectors declare them with
/// `PUT /graph/{graph}/model`: `example_instance` is an `instance`, which is a `resource`.
///
/// Queries ask for kinds by a base (`is(instance)`, `/ancestors.account`), and the merge tells
/// clouds, accounts and regions apart by theirs. A kind is always one of its own kinds; a kind
/// the model does not know has no other.
public struct GraphKinds: Sendable, Hashable {
    /// The direct bases of every known kind.
    public private(set) var bases: [String: [String]]
    /// Every kind with all the kinds it is (itself, its bases, their bases, ...).
    private var closures: [String: Set<String>]

    public init(bases: [String: [String]] = [:]) {
        self.bases = bases
        closures = Self.closures(of: bases)
    }

    /// Adds or replaces kinds; the others stay.
    public mutating func update(_ newBases: [String: [String]]) {
        bases.merge(newBases) { _, new in new }
        closures = Self.closures(of: bases)
    }

    /// Whether `kind` is `base`: the same kind, or one of its bases however far up.
    public func isKind(_ kind: String, a base: String) -> Bool {
        kind == base || closures[kind]?.contains(base) == true
    }

    /// Every kind the model knows that is `base`, with `base` itself.
    public func kinds(thatAre base: String) -> Set<String> {
        var kinds: Set<String> = [base]
        for (kind, closure) in closures where closure.contains(base) { kinds.insert(kind) }
        return kinds
    }

    /// All the kinds `kind` is, itself included.
    public func closure(of kind: String) -> Set<String> {
        closures[kind] ?? [kind]
    }

    /// Each kind's closure, found by walking its bases; a cycle among bases ends the walk.
    private static func closures(of bases: [String: [String]]) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for kind in bases.keys {
            var seen: Set<String> = [kind]
            var pending = bases[kind] ?? []
            while let next = pending.popLast() {
                guard seen.insert(next).inserted else { continue }
                pending += bases[next] ?? []
            }
            result[kind] = seen
        }
        return result
    }
}
