/// What an aggregate function adds up: a number, a property path, or arithmetic of them with
/// `+ - * /` and parentheses (`volume_size * 1024 * 1024 * 1024`).
public indirect enum GraphAggregateExpression: Sendable, Hashable {
    /// A number, as written (`1`, `1024`, `0.5`).
    case constant(JSONValue)
    case path(GraphPath)
    case negate(GraphAggregateExpression)
    case binary(GraphAggregateExpression, ArithmeticOperator, GraphAggregateExpression)

    /// An operator of the arithmetic.
    public enum ArithmeticOperator: String, Sendable, Hashable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
    }

    /// The expression's number for `node`; nil when a path holds no number (missing, null, or
    /// another type) or on division by zero, so that the node is left out of the function.
    func value(for node: GraphNode, in evaluation: GraphQueryEvaluation) throws -> GraphNumber? {
        switch self {
        case .constant(let value):
            return GraphNumber(json: value)
        case .path(let path):
            return GraphNumber(json: try evaluation.value(of: path, in: node))
        case .negate(let inner):
            return try inner.value(for: node, in: evaluation).map { GraphNumber.int(0) - $0 }
        case .binary(let left, let op, let right):
            guard let a = try left.value(for: node, in: evaluation), let b = try right.value(for: node, in: evaluation) else { return nil }
            switch op {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide: return a / b
            }
        }
    }

    /// The first operand as Fix Inventory names a function after it: the path from the node
    /// (`reported.instance_cores`) or the number.
    func leadingOperand(section: String?) -> String {
        switch self {
        case .constant(let value): value.jsonText
        case .path(let path): path.fromNode(section: section).joined(separator: ".")
        case .negate(let inner): inner.leadingOperand(section: section)
        case .binary(let left, _, _): left.leadingOperand(section: section)
        }
    }
}
