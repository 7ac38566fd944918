extension GraphQueryParser {
    static let functionList = GraphAggregateFunction.allCases.map(\.rawValue).joined(separator: ", ")
    static let aggregateExample = "aggregate(/ancestors.cloud.reported.name as cloud: sum(1) as total): is(account)"

    /// `aggregate(GROUPS: FUNCTIONS): FILTER`, the group variables being optional.
    mutating func parseAggregate() throws(GraphQueryError) -> GraphAggregate {
        scanner.skipWhitespace()
        guard scanner.consumeKeyword("aggregate") else {
            throw scanner.error("expected an aggregate such as \(Self.aggregateExample)")
        }
        scanner.skipWhitespace()
        guard scanner.consume("(") else { throw scanner.error("expected ( after aggregate, as in \(Self.aggregateExample)") }
        var groups: [GraphAggregate.Group] = []
        var functions: [GraphAggregate.Function] = []
        repeat {
            scanner.skipWhitespace()
            if try functionAhead() {
                functions.append(try parseFunction())
            } else {
                if !functions.isEmpty { throw scanner.error("group variables come first, then : and the functions") }
                groups.append(try parseGroup())
            }
            scanner.skipWhitespace()
        } while scanner.consume(",")
        if scanner.consume(":") {
            if !functions.isEmpty { throw scanner.error("group variables come first, then : and the functions") }
            repeat {
                scanner.skipWhitespace()
                guard try functionAhead() else {
                    throw scanner.error("expected a function (\(Self.functionList)) such as sum(1) as total, not \(describeNext())")
                }
                functions.append(try parseFunction())
                scanner.skipWhitespace()
            } while scanner.consume(",")
        } else if !groups.isEmpty, scanner.peek() == ")" {
            throw scanner.error("expected : and the functions (\(Self.functionList)) after the group variables")
        }
        guard scanner.consume(")") else { throw scanner.error("expected , or ) in aggregate(...), not \(describeNext())") }
        guard groups.count <= GraphQueryLimits.maxAggregateTerms, functions.count <= GraphQueryLimits.maxAggregateTerms else {
            throw scanner.error("an aggregate has at most \(GraphQueryLimits.maxAggregateTerms) group variables and \(GraphQueryLimits.maxAggregateTerms) functions", at: 0)
        }
        scanner.skipWhitespace()
        guard scanner.consume(":") else {
            throw scanner.error("expected : and a filter after aggregate(...), as in \(Self.aggregateExample)")
        }
        let filter = try parseFilter()
        scanner.skipWhitespace()
        let end = scanner.position
        if try parseNavigation() != nil {
            throw scanner.error("a navigation in an aggregate is not supported; Rota aggregates the nodes a filter selects", at: end)
        }
        try expectEnd(afterNavigation: false)
        return GraphAggregate(groups: groups, functions: functions, filter: filter)
    }

    /// Whether a function call starts at the position; functions Rota does not have are refused.
    private func functionAhead() throws(GraphQueryError) -> Bool {
        if scanner.peek() == "\"" {
            throw scanner.error("combined group names (\"text {path}\") are not supported; group by a path")
        }
        guard let word = scanner.wordAhead() else { return false }
        var copy = scanner
        _ = copy.readWord()
        copy.skipWhitespace()
        guard copy.peek() == "(" else { return false }
        guard GraphAggregateFunction(rawValue: word) != nil else {
            throw scanner.error("\(word)(...) is not supported; Rota's aggregate functions are \(Self.functionList)")
        }
        return true
    }

    /// `path [as name]`.
    private mutating func parseGroup() throws(GraphQueryError) -> GraphAggregate.Group {
        let path = try parsePath()
        return GraphAggregate.Group(path: path, name: try parseAsName() ?? path.segments[path.segments.count - 1])
    }

    /// `fn(expression) [as name]`.
    private mutating func parseFunction() throws(GraphQueryError) -> GraphAggregate.Function {
        let start = scanner.position
        let function = GraphAggregateFunction(rawValue: scanner.readWord() ?? "") ?? .count
        scanner.skipWhitespace()
        _ = scanner.consume("(")
        try enter()
        let expression = try parseSum()
        scanner.skipWhitespace()
        guard scanner.consume(")") else {
            throw scanner.error("expected an operator (+ - * /) or ) in \(function.rawValue)(...), not \(describeNext())")
        }
        leave()
        let name = try parseAsName()
        if name == "group" {
            throw scanner.error("a function cannot be named group: each row holds its group variables under group", at: start)
        }
        return GraphAggregate.Function(function: function, expression: expression, name: name)
    }

    private mutating func parseAsName() throws(GraphQueryError) -> String? {
        guard scanner.consumeKeyword("as") else { return nil }
        scanner.skipWhitespace()
        guard let name = scanner.readName() else { throw scanner.error("expected a name after as, not \(describeNext())") }
        return name
    }

    private mutating func parseSum() throws(GraphQueryError) -> GraphAggregateExpression {
        var result = try parseProduct()
        while true {
            scanner.skipWhitespace()
            if scanner.consume("+") {
                result = .binary(result, .add, try parseProduct())
            } else if scanner.consume("-") {
                result = .binary(result, .subtract, try parseProduct())
            } else {
                return result
            }
        }
    }

    private mutating func parseProduct() throws(GraphQueryError) -> GraphAggregateExpression {
        var result = try parseFactor()
        while true {
            scanner.skipWhitespace()
            if scanner.consume("*") {
                result = .binary(result, .multiply, try parseFactor())
            } else if scanner.consume("/") {
                result = .binary(result, .divide, try parseFactor())
            } else {
                return result
            }
        }
    }

    /// A number, a path, `-factor`, or a parenthesised expression.
    private mutating func parseFactor() throws(GraphQueryError) -> GraphAggregateExpression {
        scanner.skipWhitespace()
        let start = scanner.position
        guard let scalar = scanner.peek() else { throw scanner.error("expected a number or a path before the end of the query") }
        if scalar == "(" {
            try enter()
            scanner.advance()
            let inner = try parseSum()
            scanner.skipWhitespace()
            guard scanner.consume(")") else { throw scanner.error("expected ) to close the ( at \(start), not \(describeNext())") }
            leave()
            return inner
        }
        if ("0"..."9").contains(scalar) || ((scalar == "-" || scalar == "+") && scanner.peek(1).map { ("0"..."9").contains($0) } == true) {
            scanner.advance()
            while let next = scanner.peek(), GraphQueryScanner.isWordPart(next) || next == "." { scanner.advance() }
            let text = scanner.text(from: start)
            guard let number = Self.decimalNumber(text) else {
                throw scanner.error("\"\(text)\" is not a number", at: start)
            }
            return .constant(number)
        }
        if scalar == "-" {
            try enter()
            scanner.advance()
            let inner = try parseFactor()
            leave()
            return .negate(inner)
        }
        if scalar == "/" || scalar == "`" || GraphQueryScanner.isWordStart(scalar) {
            return .path(try parsePath())
        }
        throw scanner.error("expected a number, a path or ( in the function, not \(describeNext())")
    }
}
