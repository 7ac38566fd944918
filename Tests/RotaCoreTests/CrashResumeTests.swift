import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("A core killed in the middle of a step resumes its runs")
struct CrashResumeTests {
    @Test func runKilledMidStepFinishesAfterARestartWithNothingLostOrDuplicated() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-crash-\(UUID().uuidString)")
        let database = directory.appendingPathComponent("rota.db").path
        let taskId = try await RotaProcess.withCore(["--db", database]) { first in
            let started = try await InterruptedCollect.start(on: CoreClient(port: first.port), port: first.port)
            await first.kill()
            await started.fast.close()
            await started.slow.close()
            return started.taskId
        }

        try await RotaProcess.withCore(["--db", database]) { second in
            let history = try await InterruptedCollect.finish(taskId, on: CoreClient(port: second.port), port: second.port)
            #expect(history["steps"]?.arrayValue?.map { $0["state"] } == Array(repeating: "succeeded", count: 6))
        }
    }
}
