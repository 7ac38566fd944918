import Testing

@testable import RotaModel

/// Aggregates as the metrics exporter sends them: grouping by properties and ancestors' names,
/// the five functions with Fix Inventory's treatment of missing values, arithmetic with constant
/// factors, and what is refused.
@Suite("Graph query aggregates")
struct GraphQueryAggregateTests {
    static func rows(_ text: String, section: String? = "reported", in source: GraphQueryMemorySource = GraphQueryEvaluationTests.inventory()) throws
        -> [JSONValue]
    {
        try GraphAggregate(parsing: text).run(source: source, section: section)
    }

    func refusal(_ text: String) -> GraphQueryError? {
        do {
            _ = try GraphAggregate(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func anAggregateOfMoreGroupsThanTheLimitIsRefusedAndOneAtTheLimitIsAnswered() throws {
        let source = GraphQueryMemorySource()
        for number in 0..<GraphQueryLimits.maxGroups { source.add("n\(number)", "instance") }
        #expect(try Self.rows("aggregate(/id as id: sum(1) as count): is(instance)", in: source).count == GraphQueryLimits.maxGroups)
        source.add("one-more", "instance")
        #expect(throws: GraphQueryRunError.tooManyGroups(limit: GraphQueryLimits.maxGroups)) {
            try Self.rows("aggregate(/id as id: sum(1) as count): is(instance)", in: source)
        }
    }

    @Test func groupsAndFunctionsAreRead() throws {
        let aggregate = try GraphAggregate(
            parsing: "aggregate(/ancestors.cloud.reported.name as cloud, instance_type: sum(volume_size * 1024 * 1024) as bytes, count(1)): is(volume) and quota >= 0")
        #expect(aggregate.groups == [
            GraphAggregate.Group(path: GraphQueryParsingTests.path("/ancestors.cloud.reported.name"), name: "cloud"),
            GraphAggregate.Group(path: GraphQueryParsingTests.path("instance_type"), name: "instance_type"),
        ])
        let product = GraphAggregateExpression.binary(
            .binary(.path(GraphQueryParsingTests.path("volume_size")), .multiply, .constant(1024)), .multiply, .constant(1024))
        #expect(aggregate.functions == [
            GraphAggregate.Function(function: .sum, expression: product, name: "bytes"),
            GraphAggregate.Function(function: .count, expression: .constant(1)),
        ])
        #expect(aggregate.filter == .and([.isKind(["volume"]), GraphQueryParsingTests.compare("quota", .greaterOrEqual, 0)]))
        #expect(try GraphAggregate(parsing: "aggregate(sum(1) as total): is(account)").groups.isEmpty)
    }

    @Test func arithmeticHasTheUsualPrecedence() throws {
        let a = GraphAggregateExpression.path(GraphQueryParsingTests.path("a")), b = GraphAggregateExpression.path(GraphQueryParsingTests.path("b"))
        func expression(_ text: String) throws -> GraphAggregateExpression {
            try GraphAggregate(parsing: "aggregate(sum(\(text))): all").functions[0].expression
        }
        #expect(try expression("a + b * 2") == .binary(a, .add, .binary(b, .multiply, .constant(2))))
        #expect(try expression("(a + b) * 2") == .binary(.binary(a, .add, b), .multiply, .constant(2)))
        #expect(try expression("a - b - 1") == .binary(.binary(a, .subtract, b), .subtract, .constant(1)))
        #expect(try expression("a / 2.5") == .binary(a, .divide, .constant(2.5)))
        #expect(try expression("-a") == .negate(a))
        #expect(try expression("-1") == .constant(-1))
    }

    @Test func rowsHoldTheGroupAndEachFunction() throws {
        let rows = try Self.rows(
            "aggregate(/ancestors.account.reported.name as account, instance_status as status: sum(instance_cores) as cores, count(1) as n): is(instance)"
        )
        #expect(rows == [
            ["group": ["account": "Example Account", "status": "running"], "cores": 4, "n": 1],
            ["group": ["account": "Example Account", "status": "stopped"], "cores": 2.5, "n": 1],
        ])
    }

    @Test func groupsAreOrderedByTheirValuesAndAMissingValueIsNull() throws {
        let rows = try Self.rows("aggregate(instance_status, kind: sum(1) as n): all")
        #expect(rows == [
            ["group": ["instance_status": nil, "kind": "cloud"], "n": 1],
            ["group": ["instance_status": nil, "kind": "example_account"], "n": 1],
            ["group": ["instance_status": nil, "kind": "example_region"], "n": 1],
            ["group": ["instance_status": nil, "kind": "example_volume"], "n": 1],
            ["group": ["instance_status": "running", "kind": "example_instance"], "n": 1],
            ["group": ["instance_status": "stopped", "kind": "example_instance"], "n": 1],
        ])
    }

    @Test func withoutGroupVariablesThereIsOneRow() throws {
        #expect(try Self.rows("aggregate(sum(1) as total): is(instance)") == [["group": [:], "total": 2]])
        #expect(try Self.rows("aggregate(sum(1) as total, max(instance_cores) as most): is(bucket)") == [["group": [:], "total": 0, "most": nil]])
        #expect(try Self.rows("aggregate(kind: sum(1) as total): is(bucket)") == [])
    }

    @Test func functionsLeaveOutNodesWithoutANumber() throws {
        let rows = try Self.rows(
            "aggregate(sum(instance_cores) as sum, count(instance_cores) as count, min(instance_cores) as min, max(instance_cores) as max, avg(instance_cores) as avg): all"
        )
        #expect(rows == [["group": [:], "sum": 6.5, "count": 6, "min": 2.5, "max": 4, "avg": 3.25]])
        let none = try Self.rows(
            "aggregate(sum(quota) as sum, count(quota) as count, min(quota) as min, max(quota) as max, avg(quota) as avg): all")
        #expect(none == [["group": [:], "sum": 0, "count": 6, "min": nil, "max": nil, "avg": nil]])
        let strings = try Self.rows("aggregate(sum(volume_size) as sum, max(name) as max): is(volume)")
        #expect(strings == [["group": [:], "sum": 0, "max": nil]], "a string is not a number, even \"100\"")
    }

    @Test func productsWithConstantFactorsStayExactWholeNumbers() throws {
        let source = GraphQueryMemorySource(kinds: GraphKinds(bases: ["v": []]))
        source.add("a", "v", ["size": 100])
        source.add("b", "v", ["size": 0.5])
        source.add("c", "v", ["size": 1_000_000])
        source.add("d", "v", ["size": nil])
        let rows = try Self.rows("aggregate(sum(size * 1024 * 1024 * 1024 * 1024) as bytes, max(size / 2) as half): all", in: source)
        let bytes = Int64(100 * 2 + 1 + 1_000_000 * 2) << 39  // 100, 0.5 and 1 000 000 times 2^40
        #expect(rows == [["group": [:], "bytes": .int(bytes), "half": 500_000]])
        let overflow = try Self.rows("aggregate(sum(size * 1024 * 1024 * 1024 * 1024 * 1024) as bytes): size > 1000", in: source)
        #expect(overflow == [["group": [:], "bytes": .double(1_000_000 * 1_125_899_906_842_624.0)]])
        let fractional = try Self.rows("aggregate(avg(size + 1) as average, sum(1 / (size - 100)) as inverse): size <= 100", in: source)
        #expect(fractional == [["group": [:], "average": 51.25, "inverse": .double(1 / -99.5)]], "dividing by zero leaves the node out")
    }

    @Test func functionsAreNamedAsFixInventoryNamesThem() throws {
        let rows = try Self.rows(
            "aggregate(sum(1), sum(instance_cores), max(/ancestors.cloud.reported.id), count(instance_cores * 2)): is(instance)")
        #expect(rows == [
            ["group": [:], "sum_of_1": 2, "sum_of_reported_instance_cores": 6.5, "max_of_ancestors_cloud_reported_id": nil, "count_of_reported_instance_cores": 2]
        ])
        let rowsFromNode = try Self.rows("aggregate(sum(reported.instance_cores)): is(instance)", section: nil)
        #expect(rowsFromNode == [["group": [:], "sum_of_reported_instance_cores": 6.5]])
    }

    @Test func anAggregateHasAtMostAHundredGroupsAndAHundredFunctions() throws {
        let groups = (1...100).map { "g\($0)" }.joined(separator: ", ")
        let functions = (1...100).map { "sum(\($0)) as f\($0)" }.joined(separator: ", ")
        let largest = try GraphAggregate(parsing: "aggregate(\(groups): \(functions)): all")
        #expect(largest.groups.count == 100 && largest.functions.count == 100)
        let message = "at 0: an aggregate has at most 100 group variables and 100 functions"
        #expect(refusal("aggregate(\(groups), g101: sum(1)): all")?.description == message)
        #expect(refusal("aggregate(\(functions), count(1)): all")?.description == message)
    }

    @Test func aggregatesOutsideTheSubsetAreRefusedByName() {
        let cases: [(String, String)] = [
            ("aggregate(kind: stddev(instance_cores)): all", "at 16: stddev(...) is not supported; Rota's aggregate functions are sum, count, min, max, avg"),
            ("aggregate(kind: variance(x)): all", "at 16: variance(...) is not supported; Rota's aggregate functions are sum, count, min, max, avg"),
            ("aggregate(\"{kind}_x\": sum(1)): all", "at 10: combined group names (\"text {path}\") are not supported; group by a path"),
            ("aggregate(kind): all", "at 14: expected : and the functions (sum, count, min, max, avg) after the group variables"),
            ("aggregate(sum(1), kind: sum(1)): all", "at 18: group variables come first, then : and the functions"),
            ("aggregate(kind: sum(1)) all", "at 24: expected : and a filter after aggregate(...), as in aggregate(/ancestors.cloud.reported.name as cloud: sum(1) as total): is(account)"),
            ("aggregate(kind: sum(1)):", "at 24: expected a filter (all, is(kind), a comparison such as /reported.name == x, not, or parentheses) before the end of the query"),
            ("aggregate(kind: sum(1)): all -->", "at 29: a navigation in an aggregate is not supported; Rota aggregates the nodes a filter selects"),
            ("aggregate(kind: sum(1)): all sort kind", "at 29: sort is not supported; Rota answers a filter with an optional navigation"),
            ("aggregate(kind: sum(1) as group): all", "at 16: a function cannot be named group: each row holds its group variables under group"),
            ("aggregate(kind: sum(1 % 2)): all", "at 22: expected an operator (+ - * /) or ) in sum(...), not \"%\""),
            ("aggregate(kind: sum(1x)): all", "at 20: \"1x\" is not a number"),
            ("aggregate(kind: sum()): all", "at 20: expected a number, a path or ( in the function, not \")\""),
            ("aggregate(kind: sum(1) as): all", "at 25: expected a name after as, not \")\""),
            ("aggregate(kind: ): all", "at 16: expected a function (sum, count, min, max, avg) such as sum(1) as total, not \")\""),
            ("is(instance)", "at 0: expected an aggregate such as aggregate(/ancestors.cloud.reported.name as cloud: sum(1) as total): is(account)"),
        ]
        for (text, message) in cases {
            #expect(refusal(text)?.description == message, "\(text)")
        }
    }
}
