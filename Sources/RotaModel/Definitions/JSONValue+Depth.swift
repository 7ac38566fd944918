extension JSONValue {
    /// How deeply the value nests, as definition limits measure it: 1 for a scalar, one more for
    /// each array or object around it.
    var depth: Int {
        switch self {
        case .array(let elements): return 1 + (elements.lazy.map(\.depth).max() ?? 0)
        case .object(let members): return 1 + (members.values.lazy.map(\.depth).max() ?? 0)
        default: return 1
        }
    }
}
