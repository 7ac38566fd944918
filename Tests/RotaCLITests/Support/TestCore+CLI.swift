import Foundation
import RotaClient
import RotaCore
import RotaModel
import RotaTestSupport

extension TestCore {
    /// How often the clock of a core for command tests is read: every 50 ms, so that step
    /// timeouts are noticed quickly.
    static let tickInterval = Duration.milliseconds(50)

    /// `--core URL` (and `--psk KEY` when the core has one).
    var cliArguments: [String] {
        ["--core", baseURL] + (psk.map { ["--psk", $0] } ?? [])
    }

    /// Puts resources into the core's inventory as a collector would: one `cloud`/`account` snapshot.
    func merge(_ resources: [JSONValue], cloud: String = "example", account: String = "demo") async throws {
        let body = resources.map(\.jsonText).joined(separator: "\n") + "\n"
        let response = try await request(.POST, "/resources/merge?cloud=\(cloud)&account=\(account)", body: body, contentType: "application/x-ndjson")
        guard response.status == 200 else { throw TestFailure("the merge was refused: \(response.text)") }
    }
}

/// Runs `body` with a core started for it, and stops the core afterwards.
func withCore<T>(workflows: [Workflow] = [], psk: String? = nil, _ body: (TestCore) async throws -> T) async throws -> T {
    try await TestCore.with(workflows: workflows, psk: psk, tickInterval: TestCore.tickInterval, body)
}
