import Foundation
import Testing

@testable import RotaModel

/// YAML anchors and aliases are refused before the text is parsed, so that a short text whose
/// aliases nest cannot expand into billions of nodes; what only looks like an anchor still reads.
@Suite("YAML anchors and aliases in definitions")
struct YAMLAliasTests {
    /// The "billion laughs": each level holds `width` aliases of the level before, so the last
    /// one expands to `width ^ levels` strings.
    static func bomb(levels: Int, width: Int = 10) -> String {
        var lines = ["id: bomb", "steps: [{name: s, action: {message_type: a}}]", "environment:"]
        lines.append("  l0: &l0 [" + Array(repeating: "\"lol\"", count: width).joined(separator: ", ") + "]")
        for level in 1..<levels {
            lines.append("  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try DefinitionDocument.parse(text)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func aBillionLaughsIsRefusedAtOnce() {
        let text = Self.bomb(levels: 9)
        #expect(text.utf8.count < 1_024)
        let started = ContinuousClock.now
        let problems = problems(text)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("YAML anchors and aliases are not supported (&l0 at line 4, column 7)") == true)
    }

    /// Small enough to expand in a moment when aliases are followed: a million strings from 300 bytes.
    @Test func aMillionLaughsIsRefusedToo() {
        #expect(problems(Self.bomb(levels: 6)).count == 1)
    }

    /// Aliases as mapping keys make the parser compare the nodes they stand for, which is as
    /// costly as expanding them; the anchors are found before.
    @Test func aliasesAsKeysAreRefusedBeforeTheParserComparesThem() {
        let text = Self.bomb(levels: 9) + "  keys: {*l8 : 1, *l7 : 2}\n"
        #expect(problems(text).count == 1)
    }

    @Test func aHarmlessSingleAliasIsRefusedWithTheReason() {
        let text = """
            id: nightly
            steps:
              - name: first
                action: {message_type: collect}
                timeout: &long 3600
              - name: second
                action: {message_type: cleanup}
                timeout: *long
            """
        #expect(
            problems(text) == [
                "YAML anchors and aliases are not supported (&long at line 5, column 14): write the repeated values out "
                    + "(an & that begins a word of a text can be written \\u0026 in double quotes)"
            ])
    }

    @Test(arguments: [
        "steps: [&a {name: s}]", "steps: {&a x: 1}", "steps:\n- &a\n  name: s", "k: !!str &a x", "k:\t&a x", "[1,&a 2]", "{\"k\":&a 1}",
        "? &a k\n: v", "\u{FEFF}&a k: v", "k: &a\u{2028}x",
    ])
    func anchorsAreFoundWhereverTheScannerReadsThem(text: String) {
        #expect(YAMLAnchors.first(in: text)?.name == "a")
    }

    @Test(arguments: [
        "command: shell make && make install", "command: shell run 2>&1", "command: http post https://example.com/?a=1&b=2",
        "text: \"Tom &amp; Jerry\"", "cron_expression: \"*/5 * * * *\"", "text: a&b", "text: \"a \\u0026b c\"", "text: R&D",
    ])
    func textsThatOnlyLookLikeAnchorsRead(text: String) throws {
        #expect(YAMLAnchors.first(in: text) == nil)
        #expect(try DefinitionDocument.parse(text).objectValue?.count == 1)
    }

    @Test func anAmpersandThatBeginsAWordIsWrittenEscaped() throws {
        #expect(problems("text: \"Tom &Jerry and more\"").count == 1)
        #expect(try DefinitionDocument.parse(#"text: "Tom \u0026Jerry and more""#)["text"] == "Tom &Jerry and more")
    }

    @Test func numbersThatAreNotFiniteStayText() throws {
        let document = try DefinitionDocument.parse("a: .nan\nb: .inf\nc: -.inf\nd: 1e400\ne: 1.5")
        #expect(document == ["a": ".nan", "b": ".inf", "c": "-.inf", "d": "1e400", "e": 1.5])
        #expect(throws: InvalidDefinition.self) {
            try Workflow(text: "id: w\nsteps: [{name: s, action: {message_type: a}, timeout: .inf}]")
        }
    }
}
