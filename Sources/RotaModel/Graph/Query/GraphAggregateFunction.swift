/// The functions an aggregate computes per group, as Fix Inventory's core computes them:
/// `count` counts the group's nodes; `sum`, `min`, `max` and `avg` leave out the nodes whose
/// expression is not a number. With no number at all, `sum` is 0 and the others are null.
public enum GraphAggregateFunction: String, Sendable, Hashable, CaseIterable {
    case sum, count, min, max, avg
}

/// One function's running value over one group.
struct GraphAggregateAccumulator {
    let function: GraphAggregateFunction
    private var nodes: Int64 = 0
    private var numbers: Int64 = 0
    private var sum = GraphNumber.int(0)
    private var extreme: GraphNumber?

    init(_ function: GraphAggregateFunction) {
        self.function = function
    }

    /// Adds one node of the group, with its expression's number (nil when it has none).
    mutating func add(_ number: GraphNumber?) {
        nodes += 1
        guard let number else { return }
        numbers += 1
        switch function {
        case .sum, .avg: sum = sum + number
        case .min: if extreme.map({ number.compare($0) < 0 }) ?? true { extreme = number }
        case .max: if extreme.map({ number.compare($0) > 0 }) ?? true { extreme = number }
        case .count: break
        }
    }

    var result: JSONValue {
        switch function {
        case .count: .int(nodes)
        case .sum: sum.json
        case .min, .max: extreme?.json ?? .null
        case .avg: numbers == 0 ? .null : GraphNumber.double(sum.doubleValue / Double(numbers)).json
        }
    }
}
