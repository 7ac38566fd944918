import Foundation
import Testing

@Suite("collector docs")
struct CollectorDocsTests {
    @Test func theDocumentedExampleScriptIsTheOneTheTestsRun() throws {
        let docs = URL(fileURLWithPath: Fixtures.exampleScript).deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: docs.appendingPathComponent("COLLECTORS.md"), encoding: .utf8)
        let script = try String(contentsOfFile: Fixtures.exampleScript, encoding: .utf8)
        #expect(page.contains("```sh\n" + script + "```\n"))
        #expect(FileManager.default.isExecutableFile(atPath: Fixtures.exampleScript))
    }
}
