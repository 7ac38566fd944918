/// The operator of a comparison `path op value`.
public enum GraphComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case notIn = "not in"

    /// Whether a node's `value` (null when missing) stands in this relation to the query's
    /// `operand`. `!=` is the negation of `==`, so it holds for a missing value; `not in`, like
    /// the orderings, never holds for null, as in Fix Inventory.
    func holds(_ value: JSONValue, _ operand: JSONValue) -> Bool {
        switch self {
        case .equal: return GraphValueComparison.equal(value, operand)
        case .notEqual: return !GraphValueComparison.equal(value, operand)
        case .less: return GraphValueComparison.order(value, operand).map { $0 < 0 } ?? false
        case .lessOrEqual: return GraphValueComparison.order(value, operand).map { $0 <= 0 } ?? false
        case .greater: return GraphValueComparison.order(value, operand).map { $0 > 0 } ?? false
        case .greaterOrEqual: return GraphValueComparison.order(value, operand).map { $0 >= 0 } ?? false
        case .in: return Self.listContains(operand, value)
        case .notIn: return value != .null && !Self.listContains(operand, value)
        }
    }

    private static func listContains(_ list: JSONValue, _ value: JSONValue) -> Bool {
        list.arrayValue?.contains { GraphValueComparison.equal(value, $0) } ?? false
    }
}
