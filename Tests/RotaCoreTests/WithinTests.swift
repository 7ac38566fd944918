import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// The time limit that keeps a test waiting on something that never ends from holding the suite.
@Suite struct WithinTests {
    @Test func anOperationThatIgnoresCancellationStillEndsTheWaitAtItsLimit() async throws {
        let neverEnding = Task<Int, Never> {
            while true { try? await Task.pause(for: .seconds(3600)) }
        }
        defer { neverEnding.cancel() }
        let started = ContinuousClock.now
        await #expect {
            _ = try await within(seconds: 0.3, "a task that never ends") { await neverEnding.value }
        } throws: { error in
            "\(error)".contains("waited 0.3 s for a task that never ends")
        }
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aFinishedOperationGivesItsValueAndItsError() async throws {
        #expect(try await within(seconds: 30, "a value") { 42 } == 42)
        await #expect(throws: TestFailure.self) {
            try await within(seconds: 30, "an error") { () async throws -> Int in throw TestFailure("refused") }
        }
    }

    @Test func anOperationIsCancelledWhenItsTimeRunsOut() async throws {
        let cancelled = Gate()
        await #expect(throws: TestFailure.self) {
            try await within(seconds: 0.2, "a long sleep") {
                do { try await Task.pause(for: .seconds(3600)) } catch { cancelled.open() }
            }
        }
        try await within(seconds: 30, "the operation to see its cancellation") { try await cancelled.wait() }
    }
}
