import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// The placeholders of a workflow's commands are filled in one pass, and a definition whose
/// filled commands would be too long, alone or together, is refused when it is saved: a run
/// holds its workflow with them filled.
@Suite("Placeholders within the limits")
struct PlaceholderLimitTests {
    @Test func commandsLongerThanTheLimitOnceFilledAreRefused() async throws {
        try await TestCore.with { core in
            let value = String(repeating: "x", count: 8_000)
            let doubled: JSONValue = [
                "environment": ["E": .string(value)], "steps": [["name": "s", "action": ["command": #"events emit e {"v": "@E@@E@@E@"}"#]]],
            ]
            let refused = try await core.request(.PUT, "/workflows/filled", json: doubled)
            #expect(try HostileNumberTests.refusedPath(refused) == "steps[0].action.command")
            #expect(try refused.json()["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains("once its placeholders are filled") == true)
            let many: JSONValue = [
                "environment": ["E": .string(value)],
                "steps": .array((0..<40).map { ["name": .string("s\($0)"), "action": ["command": #"events emit e {"v": "@E@"}"#]] }),
            ]
            let tooLarge = try await core.request(.PUT, "/workflows/filled", json: many)
            #expect(try HostileNumberTests.refusedPath(tooLarge) == "")
            #expect(try tooLarge.json()["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains("once the placeholders of its commands are filled") == true)
            let fitting: JSONValue = [
                "environment": ["E": .string(value)], "steps": [["name": "s", "action": ["command": #"events emit e {"v": "@E@@E@"}"#]]],
            ]
            #expect(try await core.request(.PUT, "/workflows/filled", json: fitting).status == 201)
        }
    }

    /// Each value is written as it is: a value holding another placeholder is not filled again,
    /// whatever order the keys come in.
    @Test func placeholdersAreFilledInOnePass() {
        var values: [String: String] = [:]
        var text = ""
        for index in 0..<30 {
            values["A\(index)"] = "@B\(index)@"
            values["B\(index)"] = "filled again"
            text += "@A\(index)@ "
        }
        let filled = Placeholders.fill(text, values)
        #expect(filled == (0..<30).map { "@B\($0)@ " }.joined())
        #expect(Placeholders.fill("mail me@example.com at @B1@ or @@B2@@", values) == "mail me@example.com at filled again or @filled again@")
    }
}
