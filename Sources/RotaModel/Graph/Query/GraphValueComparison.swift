/// How query values compare, following Fix Inventory: a missing value is null, numbers compare as
/// numbers whether whole or not, a string that reads as a number compares with a number as that
/// number, strings compare as strings, and ordering anything with null is false.
enum GraphValueComparison {
    /// Whether the two values are equal in the query's sense.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.int, _), (.double, _), (_, .int), (_, .double):
            guard let a = GraphNumber(comparable: left), let b = GraphNumber(comparable: right) else { return false }
            return a.compare(b) == 0
        default: return left == right
        }
    }

    /// -1, 0 or 1 when the values can be ordered; nil when they cannot (null, or types that do
    /// not compare), which makes every ordering comparison false.
    static func order(_ left: JSONValue, _ right: JSONValue) -> Int? {
        switch (left, right) {
        case (.null, _), (_, .null): return nil
        case (.string(let a), .string(let b)): return a < b ? -1 : a == b ? 0 : 1
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (!a && b) ? -1 : 1
        case (.int, _), (.double, _), (_, .int), (_, .double):
            guard let a = GraphNumber(comparable: left), let b = GraphNumber(comparable: right) else { return nil }
            return a.compare(b)
        default: return nil
        }
    }

    /// A total order over every JSON value, for sorting aggregate groups: null, then booleans,
    /// numbers, strings, arrays and objects.
    static func sortsBefore(_ left: JSONValue, _ right: JSONValue) -> Bool {
        let (leftRank, rightRank) = (rank(left), rank(right))
        if leftRank != rightRank { return leftRank < rightRank }
        switch (left, right) {
        case (.bool(let a), .bool(let b)): return !a && b
        case (.string(let a), .string(let b)): return a < b
        case (.array(let a), .array(let b)):
            for (x, y) in zip(a, b) where x != y { return sortsBefore(x, y) }
            return a.count < b.count
        case (.object, .object): return left.jsonText < right.jsonText
        default:
            guard let a = GraphNumber(json: left), let b = GraphNumber(json: right) else { return false }
            return a.compare(b) < 0
        }
    }

    private static func rank(_ value: JSONValue) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .int, .double: 2
        case .string: 3
        case .array: 4
        case .object: 5
        }
    }
}
