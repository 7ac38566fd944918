import Foundation
import RotaTestSupport
import Testing

/// `docs/ACTORS.md` shows the example actor exactly as it is built and run.
@Suite struct ActorsDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theExampleInTheGuideIsTheExampleThatIsBuilt() throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("docs/ACTORS.md"), encoding: .utf8)
        let example = try String(contentsOf: Self.root.appendingPathComponent("Examples/HelloActor/main.swift"), encoding: .utf8)
        let marker = "<!-- Examples/HelloActor/main.swift -->\n```swift\n"
        let start = try #require(guide.range(of: marker), "the guide marks the example with \(marker)")
        let end = try #require(guide.range(of: "```\n", range: start.upperBound..<guide.endIndex))
        #expect(String(guide[start.upperBound..<end.lowerBound]) == example)
    }
}
