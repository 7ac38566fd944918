import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Actors written for Resoto / Fix Inventory attach to Rota unchanged: fixinventorylib 4.1.0's
/// `CoreActions`, run as fixworker runs it, performs a whole workflow.
@Suite("An actor built on fixinventorylib runs a workflow")
struct PythonActorCompatibilityTests {
    static let collectSteps = ["pre_collect", "collect", "post_collect", "pre_generate_metrics", "generate_metrics", "post_generate_metrics"]

    @Test(arguments: [nil, "shared secret"])
    func coreActionsOfFixlibPerformsTheCollectWorkflow(psk: String?) async throws {
        let python = try await FixlibPython.prepare()
        let core = try await TestCore.start { $0.psk = psk }
        defer { Task { await core.stop() } }
        let script = FixlibPython.repositoryRoot.appendingPathComponent("scripts/compat/fixlib_actor.py").path
        let actor = try python.start([script, core.baseURL, "fixlib-actor", Self.collectSteps.joined(separator: ",")] + (psk.map { [$0] } ?? []))
        defer { actor.stop() }

        let api = core.client()
        try await api.waitUntilSubscribed("fixlib-actor", count: Self.collectSteps.count)
        let taskId = try await api.run("collect")
        let history = try await api.finishedRun(taskId, within: 60)
        #expect(history["success"] == true, "\(actor.output)")
        #expect(history["errors"] == 0)
        #expect(history["steps"]?.arrayValue?.map { $0["state"] } == Array(repeating: "succeeded", count: 6))
    }
}
