import Testing

@testable import RotaModel

/// Fix Inventory's search syntax as far as its worker and exporter use it: what Rota reads, and
/// what it refuses with the offset and a message naming what it supports.
@Suite("Graph query parsing")
struct GraphQueryParsingTests {
    /// The cleanup search exactly as fixworker 4.2.0 builds it (`fixworker/cleanup.py`).
    static func workerCleanupSearch(collectors: [String]) -> String {
        var searchFilter = ""
        if !collectors.isEmpty {
            searchFilter = "and /ancestors.cloud.reported.id in [\"" + collectors.joined(separator: "\", \"") + "\"] "
        }
        return "/desired.clean == true and /metadata.cleaned != true and /metadata.protected!=true \(searchFilter)<-default,delete[0:]->"
    }

    static func path(_ text: String) -> GraphPath {
        let absolute = text.hasPrefix("/")
        return GraphPath(absolute: absolute, segments: text.dropFirst(absolute ? 1 : 0).split(separator: ".").map(String.init))
    }

    static func compare(_ path: String, _ op: GraphComparisonOperator, _ value: JSONValue) -> GraphFilter {
        .comparison(Self.path(path), op, value)
    }

    func refusal(_ text: String) -> GraphQueryError? {
        do {
            _ = try GraphQuery(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func theWorkersCleanupSearchParsesWithItsClouds() throws {
        let query = try GraphQuery(parsing: Self.workerCleanupSearch(collectors: ["example", "aws"]))
        let cleanup: [GraphFilter] = [
            Self.compare("/desired.clean", .equal, true), Self.compare("/metadata.cleaned", .notEqual, true),
            Self.compare("/metadata.protected", .notEqual, true),
        ]
        #expect(query.filter == .and(cleanup + [Self.compare("/ancestors.cloud.reported.id", .in, ["example", "aws"])]))
        #expect(query.navigation == GraphNavigation(inbound: ["default", "delete"], outbound: ["default", "delete"], minDepth: 0, maxDepth: nil))

        let withoutClouds = try GraphQuery(parsing: Self.workerCleanupSearch(collectors: []))
        #expect(withoutClouds.filter == .and(cleanup))
        #expect(withoutClouds.navigation == query.navigation)
    }

    @Test func andBindsTighterThanOr() throws {
        let a = Self.compare("a", .equal, 1), b = Self.compare("b", .equal, 2), c = Self.compare("c", .equal, 3)
        #expect(try GraphQuery(parsing: "a == 1 or b == 2 and c == 3").filter == .or([a, .and([b, c])]))
        #expect(try GraphQuery(parsing: "a == 1 and b == 2 or c == 3").filter == .or([.and([a, b]), c]))
        #expect(try GraphQuery(parsing: "(a == 1 or b == 2) and c == 3").filter == .and([.or([a, b]), c]))
    }

    @Test func notAppliesToTheNextTermOnly() throws {
        let a = Self.compare("a", .equal, 1), b = Self.compare("b", .equal, 2)
        #expect(try GraphQuery(parsing: "not a == 1 and b == 2").filter == .and([.not(a), b]))
        #expect(try GraphQuery(parsing: "not (a == 1 or b == 2)").filter == .not(.or([a, b])))
        #expect(try GraphQuery(parsing: "not not is(volume)").filter == .not(.not(.isKind(["volume"]))))
        #expect(try GraphQuery(parsing: "not in [1]").filter == Self.compare("not", .in, [1]), "a property called not")
    }

    @Test func leavesAreAllIsAndComparisons() throws {
        #expect(try GraphQuery(parsing: "all").filter == .all)
        #expect(try GraphQuery(parsing: "is(instance)").filter == .isKind(["instance"]))
        #expect(try GraphQuery(parsing: "is( instance , \"volume\" )").filter == .isKind(["instance", "volume"]))
        #expect(try GraphQuery(parsing: "is([instance, volume])").filter == .isKind(["instance", "volume"]))
        #expect(try GraphQuery(parsing: "all == 3").filter == Self.compare("all", .equal, 3), "a property called all")
        #expect(try GraphQuery(parsing: "is(instance) and android == 1").filter == .and([.isKind(["instance"]), Self.compare("android", .equal, 1)]))
    }

    @Test func everyOperatorIsRead() throws {
        let cases: [(String, GraphComparisonOperator)] = [
            ("x == 1", .equal), ("x = 1", .equal), ("x != 1", .notEqual), ("x < 1", .less), ("x <= 1", .lessOrEqual),
            ("x > 1", .greater), ("x >= 1", .greaterOrEqual), ("x==1", .equal), ("x!=1", .notEqual), ("x<=1", .lessOrEqual),
        ]
        for (text, op) in cases {
            #expect(try GraphQuery(parsing: text).filter == Self.compare("x", op, 1), "\(text)")
        }
        #expect(try GraphQuery(parsing: "x in [1, 2]").filter == Self.compare("x", .in, [1, 2]))
        #expect(try GraphQuery(parsing: "x not in [\"a\"]").filter == Self.compare("x", .notIn, ["a"]))
        #expect(try GraphQuery(parsing: "x<-1").filter == Self.compare("x", .less, -1))
    }

    @Test func valuesAreNumbersWordsStringsAndLists() throws {
        let cases: [(String, JSONValue)] = [
            ("4", 4), ("-4", -4), ("+4", 4), ("4.5", 4.5), ("-0.25", -0.25), ("true", true), ("false", false), ("null", nil),
            ("running", "running"), ("someInstance2", "someInstance2"), ("us-east-1", "us-east-1"), ("10.0.0.1", "10.0.0.1"),
            ("2023-01-01T00:00:00Z", "2023-01-01T00:00:00Z"), ("1e3", "1e3"), ("\"a \\\"b\\\" \\\\ \\/ \\n\"", "a \"b\" \\ / \\n"),
            ("\"\"", ""), ("\"running\"", "running"), ("[]", []), ("[1, \"two\", three, null, 4.5]", [1, "two", "three", nil, 4.5]),
            ("99999999999999999999", 1e20),
        ]
        for (text, value) in cases {
            #expect(try GraphQuery(parsing: "x == \(text)").filter == Self.compare("x", .equal, value), "\(text)")
        }
    }

    @Test func pathsStartAtTheNodeOrAtTheSection() throws {
        #expect(try GraphQuery(parsing: "/reported.tags.owner == x").filter == Self.compare("/reported.tags.owner", .equal, "x"))
        #expect(try GraphQuery(parsing: "tags.owner == x").filter == Self.compare("tags.owner", .equal, "x"))
        #expect(try GraphQuery(parsing: "/id == x").filter == Self.compare("/id", .equal, "x"))
        #expect(try GraphQuery(parsing: "/kind == x").filter == Self.compare("/kind", .equal, "x"))
        #expect(try GraphQuery(parsing: "/ancestors.cloud.reported.name == x").filter == Self.compare("/ancestors.cloud.reported.name", .equal, "x"))
        let quoted = try GraphQuery(parsing: "tags.`fix:ctime` == x").filter
        #expect(quoted == .comparison(GraphPath(absolute: false, segments: ["tags", "fix:ctime"]), .equal, "x"))
        #expect(GraphPath(absolute: true, segments: ["reported", "fix:ctime"]).description == "/reported.`fix:ctime`")
        #expect(try GraphQuery(parsing: "some-name == x").filter == Self.compare("some-name", .equal, "x"))
    }

    @Test func navigationsNameTheirTypesDirectionAndDepths() throws {
        let cases: [(String, GraphNavigation)] = [
            ("-->", GraphNavigation(inbound: nil, outbound: ["default"])),
            ("<--", GraphNavigation(inbound: ["default"], outbound: nil)),
            ("<-->", GraphNavigation(inbound: ["default"], outbound: ["default"])),
            ("-delete->", GraphNavigation(inbound: nil, outbound: ["delete"])),
            ("<-delete-", GraphNavigation(inbound: ["delete"], outbound: nil)),
            ("-[1:2]->", GraphNavigation(inbound: nil, outbound: ["default"], minDepth: 1, maxDepth: 2)),
            ("<-[0:]-", GraphNavigation(inbound: ["default"], outbound: nil, minDepth: 0, maxDepth: nil)),
            ("<-[2]-", GraphNavigation(inbound: ["default"], outbound: nil, minDepth: 2, maxDepth: 2)),
            ("-[0,3]delete->", GraphNavigation(inbound: nil, outbound: ["delete"], minDepth: 0, maxDepth: 3)),
            ("-default,delete[1..]->", GraphNavigation(inbound: nil, outbound: ["default", "delete"], minDepth: 1, maxDepth: nil)),
            ("<-default[0:]delete->", GraphNavigation(inbound: ["default"], outbound: ["delete"], minDepth: 0, maxDepth: nil)),
            ("<-[0:]delete->", GraphNavigation(inbound: ["default"], outbound: ["delete"], minDepth: 0, maxDepth: nil)),
        ]
        for (text, navigation) in cases {
            let query = try GraphQuery(parsing: "is(account) \(text)")
            #expect(query.filter == .isKind(["account"]), "\(text)")
            #expect(query.navigation == navigation, "\(text)")
        }
        #expect(try GraphQuery(parsing: "x == running-->").navigation == GraphNavigation(inbound: nil, outbound: ["default"]))
        #expect(try GraphQuery(parsing: "is(account)").navigation == nil)
    }

    @Test func errorsGiveTheOffsetAndWhatRotaSupports() {
        let cases: [(String, GraphQueryError)] = [
            ("/reported.x 5", GraphQueryError(offset: 12, message: "expected a comparison operator (==, !=, <, <=, >, >=, in, not in) after \"/reported.x\"")),
            ("", GraphQueryError(offset: 0, message: "the query is empty; expected a filter (all, is(kind), a comparison such as /reported.name == x, not, or parentheses)")),
            ("(a == 1", GraphQueryError(offset: 7, message: "expected ) to close the ( at 0, not the end")),
            ("a == 1 and", GraphQueryError(offset: 10, message: "expected a filter (all, is(kind), a comparison such as /reported.name == x, not, or parentheses) before the end of the query")),
            ("a ==", GraphQueryError(offset: 4, message: "expected a value (a number, true, false, null, a \"string\" or a word) after ==, not the end")),
            ("a == \"open", GraphQueryError(offset: 5, message: "the string that starts here has no closing \"")),
            ("a in 5", GraphQueryError(offset: 5, message: "expected a list such as [\"a\", \"b\"] after in, not \"5\"")),
            ("a in [1, 2", GraphQueryError(offset: 10, message: "expected , or ] in the list that starts at 5, not the end")),
            ("a == b*c", GraphQueryError(offset: 6, message: "a value without quotes holds only letters, digits and _ - : / . +; put it in double quotes")),
            ("/foo.bar == 1", GraphQueryError(offset: 0, message: "a path from the node starts with /reported, /metadata, /desired, /id, /kind or /ancestors.KIND, not \"/foo\"")),
            ("/ancestors.cloud == 1", GraphQueryError(offset: 0, message: "expected /ancestors.KIND followed by reported, metadata, desired, id or kind, such as /ancestors.cloud.reported.name")),
            ("a == 1 b == 2", GraphQueryError(offset: 7, message: "expected and, or, a navigation (<-default-, -->, <-default,delete[0:]->) or the end of the query, not \"b\"")),
            ("is(account) <-default", GraphQueryError(offset: 21, message: "expected - or -> to end the navigation that starts at 12, as in <-default- or <-default,delete[0:]->")),
            ("is(account) -[2:1]->", GraphQueryError(offset: 13, message: "the range [2:1] ends before it starts")),
            ("is(account) -default[1]delete->", GraphQueryError(offset: 12, message: "edge types go before or after the [from:to] range, not both")),
            ("is(account) -[99999]->", GraphQueryError(offset: 14, message: "a navigation's depth is at most 10000; leave the end out to walk without bound")),
            ("is()", GraphQueryError(offset: 3, message: "expected a kind in is(...), such as is(instance), not \")\"")),
            ("foo(1)", GraphQueryError(offset: 0, message: "foo(...) is not a function Rota knows; it supports all, is(kind), a comparison such as /reported.name == x, not, or parentheses")),
        ]
        for (text, error) in cases {
            #expect(refusal(text) == error, "\(text)")
        }
    }

    @Test func searchesOutsideTheSubsetAreRefusedByName() {
        let cases: [(String, String)] = [
            ("is(instance) sort name", "at 13: sort is not supported; Rota answers a filter with an optional navigation"),
            ("is(instance) limit 10", "at 13: limit is not supported; Rota answers a filter with an optional navigation"),
            ("is(instance) reversed", "at 13: reversed is not supported; Rota answers a filter with an optional navigation"),
            ("sort name", "at 0: sort is not supported; Rota answers a filter with an optional navigation"),
            ("is(instance) with(empty, --> is(volume))", "at 13: with(...) is not supported"),
            ("is(instance) with_usage(3d, cpu)", "at 13: with_usage(...) is not supported"),
            ("\"some text\"", "at 0: full-text search (a quoted text on its own) is not supported; compare a property instead, such as name == \"text\""),
            ("name =~ \"^a\"", "at 5: regular expressions (=~) are not supported; Rota supports ==, !=, <, <=, >, >=, in, not in"),
            ("name ~ a", "at 5: regular expressions (~) are not supported; Rota supports ==, !=, <, <=, >, >=, in, not in"),
            ("name !~ a", "at 5: regular expressions (!~) are not supported; Rota supports ==, !=, <, <=, >, >=, in, not in"),
            ("is(instance) --> is(volume)", "at 17: a filter after a navigation is not supported; Rota answers one filter with one navigation"),
            ("in_subnet(ip, \"10.0.0.0/8\")", "at 0: in_subnet(...) is not supported"),
            ("has_key(tags, owner)", "at 0: has_key(...) is not supported"),
            ("id(abc)", "at 0: id(...) is not supported; compare /id == x instead"),
            ("tags[*] == x", "at 4: array paths such as x[*] or x[0] are not supported"),
            ("tags.{a == 1}", "at 4: nested filters such as x.{...} are not supported"),
            ("x == {\"a\": 1}", "at 5: objects as values are not supported; compare one property at a time"),
            ("x in [[1]]", "at 6: a list holds numbers, strings, true, false or null"),
            ("is(instance) #mytag", "at 13: tags (#name) are not supported"),
            ("aggregate(sum(1) as n): all", "at 0: aggregate(...) is answered by search/aggregate, not by a graph search"),
        ]
        for (text, message) in cases {
            #expect(refusal(text)?.description == message, "\(text)")
        }
    }

    @Test func theLongestTextIsAccepted() throws {
        let filler = "a == 1 and "
        let body = String(repeating: filler, count: (GraphQueryLimits.maxTextBytes - 3) / filler.utf8.count) + "all"
        let padded = body + String(repeating: " ", count: GraphQueryLimits.maxTextBytes - body.utf8.count)
        #expect(padded.utf8.count == GraphQueryLimits.maxTextBytes)
        #expect(try GraphQuery(parsing: padded).filter != .all)
        #expect(refusal(padded + " ") == GraphQueryError(offset: 0, message: "the query is longer than 16384 bytes"))
        #expect(refusal(String(repeating: "é", count: 8193)) == GraphQueryError(offset: 0, message: "the query is longer than 16384 bytes"))
    }

    /// Ten thousand values do not fit in 16 KiB of text; the list limit holds wherever the text
    /// limit is larger, so it is proven with a larger one.
    @Test func listsHoldAtMostTenThousandValues() throws {
        func parse(_ text: String) throws(GraphQueryError) -> GraphFilter {
            var parser = try GraphQueryParser(text, maxTextBytes: 1 << 20)
            return try parser.parseFilter()
        }
        let largest = "x in [" + (0..<GraphQueryLimits.maxListItems).map(String.init).joined(separator: ",") + "]"
        guard case .comparison(_, .in, let list) = try parse(largest) else {
            Issue.record("not a comparison")
            return
        }
        #expect(list.arrayValue?.count == 10_000)
        let tooMany = "x in [" + (0...GraphQueryLimits.maxListItems).map(String.init).joined(separator: ",") + "]"
        #expect(throws: GraphQueryError(offset: 5, message: "a list holds at most 10000 values")) { try parse(tooMany) }
        let kinds = "is(" + (0...GraphQueryLimits.maxListItems).map { "k\($0)" }.joined(separator: ",") + ")"
        #expect(throws: GraphQueryError(offset: 2, message: "is(...) names at most 10000 kinds")) { try parse(kinds) }
        let fitting = "x in [" + String(repeating: "1,", count: 8_000) + "1]"
        #expect(fitting.utf8.count <= GraphQueryLimits.maxTextBytes)
        #expect(try GraphQuery(parsing: fitting).filter != .all)
    }

    @Test func nestingIsRefusedPastSixtyFourLevels() throws {
        let deepest = String(repeating: "(", count: 64) + "all" + String(repeating: ")", count: 64)
        #expect(try GraphQuery(parsing: deepest).filter == .all)
        let tooDeep = String(repeating: "(", count: 65) + "all" + String(repeating: ")", count: 65)
        #expect(refusal(tooDeep) == GraphQueryError(offset: 64, message: "the query nests deeper than 64 levels of parentheses and not"))
        #expect(refusal(String(repeating: "not ", count: 65) + "all")?.message == "the query nests deeper than 64 levels of parentheses and not")
    }

    @Test func aParenthesisBombIsRefusedNotOverflowed() {
        let bomb = String(repeating: "(", count: GraphQueryLimits.maxTextBytes)
        #expect(refusal(bomb) == GraphQueryError(offset: 64, message: "the query nests deeper than 64 levels of parentheses and not"))
        let negations = String(repeating: "not(", count: GraphQueryLimits.maxTextBytes / 4)
        #expect(refusal(negations)?.message == "the query nests deeper than 64 levels of parentheses and not")
        #expect(throws: GraphQueryError.self) { try GraphAggregate(parsing: "aggregate(sum(" + String(repeating: "(", count: 16_000) + ")): all") }
    }

    @Test func malformedTextNeverCrashesTheParser() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["(", ")", "not ", "and ", "or ", "is(", "a", "==", "!=", "<", "in", "[", "]", ",", "\"", "-", "->", "<-", "[0:]", " ", "1", "/", ".", "`", "all"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if let error = refusal(text) {
                #expect(error.offset >= 0 && error.offset <= text.unicodeScalars.count, "\(text)")
                #expect(!error.message.isEmpty)
            }
        }
    }
}
