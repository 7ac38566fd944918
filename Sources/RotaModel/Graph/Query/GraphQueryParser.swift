/// Reads the part of Fix Inventory's search syntax that Rota supports: filters (terms joined by
/// `and` and `or`, `and` binding tighter, `not`, parentheses, `all`, `is(kind)`, comparisons),
/// their paths and values. Navigations and aggregates extend it in their own files. Anything
/// outside the subset is refused with a message naming it.
struct GraphQueryParser {
    static let operatorList = "==, !=, <, <=, >, >=, in, not in"
    static let filterList = "all, is(kind), a comparison such as /reported.name == x, not, or parentheses"
    /// Terms of Fix Inventory's syntax that Rota refuses, with why.
    static let unsupportedFunctions: [String: String] = [
        "id": "id(...) is not supported; compare /id == x instead",
        "in_subnet": "in_subnet(...) is not supported",
        "has_key": "has_key(...) is not supported",
        "has_desired_change": "has_desired_change(...) is not supported",
        "with": "with(...) is not supported",
        "with_usage": "with_usage(...) is not supported",
        "aggregate": "aggregate(...) is answered by search/aggregate, not by a graph search",
    ]
    static let unsupportedClauses: Set<String> = ["sort", "limit", "reversed"]

    var scanner: GraphQueryScanner
    private var depth = 0

    /// A parser of `text`; `maxTextBytes` is larger only where the other limits are proven.
    init(_ text: String, maxTextBytes: Int = GraphQueryLimits.maxTextBytes) throws(GraphQueryError) {
        scanner = try GraphQueryScanner(text, maxTextBytes: maxTextBytes)
    }

    // MARK: nesting

    /// Goes one level deeper (a parenthesis, a `not`), refusing more than `maxNesting` levels.
    mutating func enter() throws(GraphQueryError) {
        depth += 1
        guard depth <= GraphQueryLimits.maxNesting else {
            throw scanner.error("the query nests deeper than \(GraphQueryLimits.maxNesting) levels of parentheses and not")
        }
    }

    mutating func leave() {
        depth -= 1
    }

    // MARK: filters

    /// A filter: conjunctions joined by `or`.
    mutating func parseFilter() throws(GraphQueryError) -> GraphFilter {
        var terms = [try parseConjunction()]
        while scanner.consumeKeyword("or") { terms.append(try parseConjunction()) }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseConjunction() throws(GraphQueryError) -> GraphFilter {
        var terms = [try parseSimpleTerm()]
        while scanner.consumeKeyword("and") { terms.append(try parseSimpleTerm()) }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    /// One term: a parenthesised filter, `not` and a term, or a leaf.
    private mutating func parseSimpleTerm() throws(GraphQueryError) -> GraphFilter {
        scanner.skipWhitespace()
        let start = scanner.position
        guard let scalar = scanner.peek() else {
            throw scanner.error("expected a filter (\(Self.filterList)) before the end of the query")
        }
        if scalar == "(" {
            try enter()
            _ = scanner.consume("(")
            let filter = try parseFilter()
            scanner.skipWhitespace()
            guard scanner.consume(")") else {
                throw scanner.error("expected ) to close the ( at \(start), not \(describeNext())")
            }
            leave()
            return filter
        }
        if scalar == "\"" {
            throw scanner.error("full-text search (a quoted text on its own) is not supported; compare a property instead, such as name == \"text\"")
        }
        if isNegationAhead() {
            try enter()
            _ = scanner.consumeKeyword("not")
            let filter = try parseSimpleTerm()
            leave()
            return .not(filter)
        }
        if scalar == "/" || scalar == "`" || GraphQueryScanner.isWordStart(scalar) {
            return try parseLeaf()
        }
        if scalar == "<" || scalar == "-" {
            throw scanner.error("expected a filter before the navigation, such as all")
        }
        throw scanner.error("expected a filter (\(Self.filterList)), not \(describeNext())")
    }

    /// `not` followed by a term (rather than a property called `not` being compared).
    private func isNegationAhead() -> Bool {
        guard scanner.wordAhead() == "not" else { return false }
        var copy = scanner
        _ = copy.consumeKeyword("not")
        copy.skipWhitespace()
        guard let next = copy.peek() else { return true }
        return !"=!<>~".unicodeScalars.contains(next) && copy.wordAhead() != "in"
    }

    /// `all`, `is(...)`, or a comparison.
    private mutating func parseLeaf() throws(GraphQueryError) -> GraphFilter {
        let start = scanner.position
        let path = try parsePath()
        let word = !path.absolute && path.segments.count == 1 ? path.segments[0] : nil
        scanner.skipWhitespace()
        if let word, scanner.peek() == "(" {
            if word == "is" { return .isKind(try parseKindList()) }
            if let reason = Self.unsupportedFunctions[word] { throw scanner.error(reason, at: start) }
            throw scanner.error("\(word)(...) is not a function Rota knows; it supports \(Self.filterList)", at: start)
        }
        if let op = try parseOperator() {
            let operand = try parseOperand(after: op)
            return .comparison(path, op, operand)
        }
        if word == "all" { return .all }
        if let word, Self.unsupportedClauses.contains(word) {
            throw scanner.error("\(word) is not supported; Rota answers a filter with an optional navigation", at: start)
        }
        throw scanner.error("expected a comparison operator (\(Self.operatorList)) after \"\(path)\"")
    }

    /// The kinds of `is(a, b)` or `is([a, b])`; the position is at `(`.
    private mutating func parseKindList() throws(GraphQueryError) -> [String] {
        let start = scanner.position
        _ = scanner.consume("(")
        scanner.skipWhitespace()
        let bracketed = scanner.consume("[")
        var kinds: [String] = []
        repeat {
            scanner.skipWhitespace()
            if scanner.peek() == "\"" {
                kinds.append(try scanner.readQuotedString())
            } else if let name = scanner.readName() {
                kinds.append(name)
            } else {
                throw scanner.error("expected a kind in is(...), such as is(instance), not \(describeNext())")
            }
            guard kinds.count <= GraphQueryLimits.maxListItems else {
                throw scanner.error("is(...) names at most \(GraphQueryLimits.maxListItems) kinds", at: start)
            }
            scanner.skipWhitespace()
        } while scanner.consume(",")
        if bracketed, !scanner.consume("]") {
            throw scanner.error("expected , or ] in the kinds of is(...), not \(describeNext())")
        }
        scanner.skipWhitespace()
        guard scanner.consume(")") else {
            throw scanner.error("expected , or ) in is(...), not \(describeNext())")
        }
        return kinds
    }

    /// The comparison operator at the position, if one is there; regular expressions are refused.
    private mutating func parseOperator() throws(GraphQueryError) -> GraphComparisonOperator? {
        for refused in ["=~", "!~", "~"] where scanner.looksAt(refused) {
            throw scanner.error("regular expressions (\(refused)) are not supported; Rota supports \(Self.operatorList)")
        }
        for symbol in ["==", "!=", "<=", ">=", "<", ">"] where scanner.consume(symbol) {
            return GraphComparisonOperator(rawValue: symbol)
        }
        if scanner.consume("=") { return .equal }
        if scanner.consumeKeyword("in") { return .in }
        var copy = scanner
        if copy.consumeKeyword("not"), copy.consumeKeyword("in") {
            scanner = copy
            return .notIn
        }
        return nil
    }

    /// The value after an operator; `in` and `not in` take a list.
    private mutating func parseOperand(after op: GraphComparisonOperator) throws(GraphQueryError) -> JSONValue {
        scanner.skipWhitespace()
        if op == .in || op == .notIn {
            guard scanner.peek() == "[" else {
                throw scanner.error("expected a list such as [\"a\", \"b\"] after \(op.rawValue), not \(describeNext())")
            }
            return try parseList()
        }
        switch scanner.peek() {
        case "[": return try parseList()
        case "{": throw scanner.error("objects as values are not supported; compare one property at a time")
        default: return try parseScalar(after: op.rawValue)
        }
    }

    /// `[v, ...]` of scalars, at most `maxListItems` of them.
    private mutating func parseList() throws(GraphQueryError) -> JSONValue {
        let start = scanner.position
        _ = scanner.consume("[")
        scanner.skipWhitespace()
        if scanner.consume("]") { return .array([]) }
        var items: [JSONValue] = []
        while true {
            scanner.skipWhitespace()
            if scanner.peek() == "[" || scanner.peek() == "{" {
                throw scanner.error("a list holds numbers, strings, true, false or null")
            }
            items.append(try parseScalar(after: ","))
            guard items.count <= GraphQueryLimits.maxListItems else {
                throw scanner.error("a list holds at most \(GraphQueryLimits.maxListItems) values", at: start)
            }
            scanner.skipWhitespace()
            if scanner.consume(",") { continue }
            if scanner.consume("]") { return .array(items) }
            throw scanner.error("expected , or ] in the list that starts at \(start), not \(describeNext())")
        }
    }

    /// A number, `true`, `false`, `null`, a double-quoted string, or a word without quotes.
    private mutating func parseScalar(after previous: String) throws(GraphQueryError) -> JSONValue {
        if scanner.peek() == "\"" { return .string(try scanner.readQuotedString()) }
        let text = scanner.readBareValue()
        guard !text.isEmpty else {
            throw scanner.error("expected a value (a number, true, false, null, a \"string\" or a word) after \(previous), not \(describeNext())")
        }
        guard scanner.atValueEnd() else {
            throw scanner.error("a value without quotes holds only letters, digits and _ - : / . +; put it in double quotes")
        }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: return Self.decimalNumber(text) ?? .string(text)
        }
    }

    /// `text` as a number when it is written as one (`4`, `-1.5`), as Fix Inventory reads numbers.
    static func decimalNumber(_ text: String) -> JSONValue? {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        if parts.count == 1, let value = Int64(text) { return .int(value) }
        return Double(text).map(JSONValue.double)
    }

    // MARK: paths

    /// A dotted path, with a leading `/` when it starts at the node; segments are words or
    /// `` `any text` ``.
    mutating func parsePath() throws(GraphQueryError) -> GraphPath {
        let start = scanner.position
        let absolute = scanner.consume("/")
        var segments: [String] = []
        while true {
            segments.append(try parseSegment())
            if scanner.peek() == "[" {
                throw scanner.error("array paths such as x[*] or x[0] are not supported")
            }
            if scanner.looksAt(".{") {
                throw scanner.error("nested filters such as x.{...} are not supported")
            }
            guard scanner.consume(".") else { break }
        }
        let path = GraphPath(absolute: absolute, segments: segments)
        if absolute { try validateRoot(of: path, at: start) }
        return path
    }

    private mutating func parseSegment() throws(GraphQueryError) -> String {
        if scanner.peek() == "`" {
            let start = scanner.position
            _ = scanner.consume("`")
            let nameStart = scanner.position
            while let scalar = scanner.peek(), scalar != "`" { scanner.advance() }
            let name = scanner.text(from: nameStart)
            guard scanner.consume("`"), !name.isEmpty else {
                throw scanner.error("expected a name between two backticks", at: start)
            }
            return name
        }
        guard let word = scanner.readWord() else {
            throw scanner.error("expected a property name, not \(describeNext())")
        }
        return word
    }

    /// A path from the node starts with one of the node's sections, or with `ancestors.KIND`
    /// and a section of that ancestor.
    private func validateRoot(of path: GraphPath, at start: Int) throws(GraphQueryError) {
        let root = path.segments[0]
        guard GraphPath.roots.contains(root) else {
            throw scanner.error(
                "a path from the node starts with /reported, /metadata, /desired, /id, /kind or /ancestors.KIND, not \"/\(root)\"", at: start)
        }
        if root == "ancestors" {
            guard path.segments.count >= 3, GraphPath.roots.contains(path.segments[2]), path.segments[2] != "ancestors" else {
                throw scanner.error("expected /ancestors.KIND followed by reported, metadata, desired, id or kind, such as /ancestors.cloud.reported.name", at: start)
            }
        }
    }

    // MARK: the end

    /// Refuses anything left after a complete query, naming the clauses Rota does not support.
    mutating func expectEnd(afterNavigation: Bool) throws(GraphQueryError) {
        scanner.skipWhitespace()
        guard !scanner.isAtEnd else { return }
        if let word = scanner.wordAhead() {
            if Self.unsupportedClauses.contains(word) {
                throw scanner.error("\(word) is not supported; Rota answers a filter with an optional navigation")
            }
            if let reason = Self.unsupportedFunctions[word] { throw scanner.error(reason) }
        }
        if scanner.peek() == "#" { throw scanner.error("tags (#name) are not supported") }
        if scanner.peek() == "{" { throw scanner.error("merged searches ({...}) are not supported") }
        if afterNavigation {
            throw scanner.error("a filter after a navigation is not supported; Rota answers one filter with one navigation")
        }
        throw scanner.error("expected and, or, a navigation (<-default-, -->, <-default,delete[0:]->) or the end of the query, not \(describeNext())")
    }

    /// The word or character at the position, quoted, or "the end".
    func describeNext() -> String {
        if let word = scanner.wordAhead() { return "\"\(word)\"" }
        guard let scalar = scanner.peek() else { return "the end" }
        return "\"\(scalar)\""
    }
}
