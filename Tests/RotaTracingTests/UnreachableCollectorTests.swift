import Foundation
import RotaClient
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

/// A collector that refuses connections or never answers costs the core nothing a run waits
/// for: spans are sent in batches, in the background, and dropped when they cannot be.
@Suite struct UnreachableCollectorTests {
    @Test func runsGoOnWhileTheCollectorRefusesConnections() async throws {
        try await runFiveRuns(tracingTo: "http://127.0.0.1:\(try freeLoopbackPort())")
    }

    @Test func runsGoOnWhileTheCollectorNeverAnswers() async throws {
        let silent = try SilentEndpoint()
        try await runFiveRuns(tracingTo: silent.endpoint)
    }

    /// Five runs of three steps finish one after another, each action still carrying its trace
    /// context, and the core then stops.
    private func runFiveRuns(tracingTo endpoint: String) async throws {
        try await TestCore.with(workflows: [TestWorkflows.sequence("three", ["one", "two", "three"])], configure: { $0.trace(to: endpoint) }) { core in
            let (actor, contexts) = recordingActor("patient-actor", of: core, for: ["one", "two", "three"])
            try await withConnected(actor) {
                for _ in 1...5 {
                    let taskId = try await core.run("three")
                    #expect(try await core.finishedRun(taskId)["success"] == true)
                }
            }
            #expect(contexts.all.count == 15)
            #expect(contexts.all.allSatisfy { $0.traceparent != nil })
        }
    }
}
