import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A YAML body whose aliases would expand to a billion nodes is answered at once with a 400,
/// and the core goes on serving.
@Suite("YAML alias bombs sent to the core")
struct YAMLBombTests {
    static let bomb: String = {
        var lines = ["steps: [{name: s, action: {message_type: a}}]", "environment:"]
        lines.append("  l0: &l0 [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ", ") + "]")
        for level in 1..<9 {
            lines.append("  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func aBillionLaughsIsRefusedAtOnceForWorkflowsAndJobs() async throws {
        try await TestCore.with { core in
            #expect(Self.bomb.utf8.count < 1_024)
            let started = ContinuousClock.now
            for path in ["/workflows/bomb", "/jobs/bomb"] {
                let refused = try await core.request(.PUT, path, body: Self.bomb, contentType: "application/yaml")
                #expect(refused.status == 400)
                let message = try refused.json()["errors"]?.arrayValue?.first?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("YAML anchors and aliases are not supported (&l0 at line 3, column 7)"))
            }
            // The message proves the refusal comes before any expansion (which would not end);
            // the bound is loose because the tests of the whole suite share the machine.
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(try await core.request(.GET, "/workflows/bomb").status == 404)
            #expect(try await core.request(.GET, "/system/ping").status == 200)
        }
    }
}
