/// An aggregate search as Fix Inventory's metrics exporter sends it to `search/aggregate`:
/// `aggregate(GROUPS: FUNCTIONS): FILTER`, such as
/// `aggregate(/ancestors.cloud.reported.name as cloud: sum(1) as accounts_total): is(account)`.
public struct GraphAggregate: Sendable, Hashable {
    /// A group variable: `path as name`; the name defaults to the path's last segment.
    public struct Group: Sendable, Hashable {
        public var path: GraphPath
        public var name: String

        public init(path: GraphPath, name: String) {
            self.path = path
            self.name = name
        }
    }

    /// A function of the groups: `fn(expression) as name`.
    public struct Function: Sendable, Hashable {
        public var function: GraphAggregateFunction
        public var expression: GraphAggregateExpression
        /// The name given with `as`; without one Fix Inventory's name is used (`sum_of_1`,
        /// `sum_of_reported_instance_cores`).
        public var name: String?

        public init(function: GraphAggregateFunction, expression: GraphAggregateExpression, name: String? = nil) {
            self.function = function
            self.expression = expression
            self.name = name
        }

        /// The key of the function's value in a result row.
        func resultName(section: String?) -> String {
            if let name { return name }
            let operand = expression.leadingOperand(section: section)
            var result = "\(function.rawValue)_of_"
            var inSeparator = false
            for scalar in operand.unicodeScalars {
                if GraphQueryScanner.isWordPart(scalar) {
                    result.unicodeScalars.append(scalar)
                    inSeparator = false
                } else if !inSeparator {
                    result += "_"
                    inSeparator = true
                }
            }
            return result
        }
    }

    public var groups: [Group]
    public var functions: [Function]
    public var filter: GraphFilter

    public init(groups: [Group], functions: [Function], filter: GraphFilter) {
        self.groups = groups
        self.functions = functions
        self.filter = filter
    }

    /// Reads an aggregate search, refusing anything outside what Rota supports with the offset
    /// and a message naming it.
    public init(parsing text: String) throws(GraphQueryError) {
        var parser = try GraphQueryParser(text)
        self = try parser.parseAggregate()
    }

    /// The kinds a store needs to read; nil for all.
    public func prefilterKinds(in kinds: GraphKinds) -> Set<String>? {
        filter.prefilterKinds(in: kinds)
    }

    /// One row per group of the nodes the filter selects, ordered by the group values:
    /// `{"group": {name: value, ...}, functionName: value, ...}`. A missing group value is null.
    /// Without group variables there is exactly one row, with an empty `group`.
    public func run(source: any GraphNodeSource, section: String?) throws -> [JSONValue] {
        let evaluation = try GraphQueryEvaluation(source: source, section: section)
        let fresh = functions.map { GraphAggregateAccumulator($0.function) }
        var keys: [[JSONValue]] = groups.isEmpty ? [[]] : []
        var accumulators: [[GraphAggregateAccumulator]] = groups.isEmpty ? [fresh] : []
        var rowOfKey: [[JSONValue]: Int] = groups.isEmpty ? [[]: 0] : [:]
        try source.forEachNode(ofKinds: prefilterKinds(in: evaluation.kinds)) { node in
            guard try filter.matches(node, in: evaluation) else { return true }
            var key: [JSONValue] = []
            key.reserveCapacity(groups.count)
            for group in groups { key.append(try evaluation.value(of: group.path, in: node)) }
            let row: Int
            if let known = rowOfKey[key] {
                row = known
            } else {
                guard keys.count < GraphQueryLimits.maxGroups else { throw GraphQueryRunError.tooManyGroups(limit: GraphQueryLimits.maxGroups) }
                row = keys.count
                rowOfKey[key] = row
                keys.append(key)
                accumulators.append(fresh)
            }
            for index in functions.indices {
                accumulators[row][index].add(try functions[index].expression.value(for: node, in: evaluation))
            }
            return true
        }
        let names = functions.map { $0.resultName(section: section) }
        let groupNames = groups.map(\.name)
        return keys.indices.sorted { Self.sortsBefore(keys[$0], keys[$1]) }.map { row in
            var result: [String: JSONValue] = [:]
            for (name, accumulator) in zip(names, accumulators[row]) { result[name] = accumulator.result }
            result["group"] = .object(Dictionary(zip(groupNames, keys[row]), uniquingKeysWith: { _, last in last }))
            return .object(result)
        }
    }

    private static func sortsBefore(_ left: [JSONValue], _ right: [JSONValue]) -> Bool {
        for (a, b) in zip(left, right) where a != b { return GraphValueComparison.sortsBefore(a, b) }
        return left.count < right.count
    }
}
