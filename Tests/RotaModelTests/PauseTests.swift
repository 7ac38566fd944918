import Foundation
import Testing

@testable import RotaModel

/// `Task.pause(for:)`, the one way Rota waits: how long it waits, that cancelling it ends it,
/// and that no code waits through the `sleep(for:)` that cancelling can break.
@Suite struct PauseTests {
    @Test func aDurationBecomesItsWholeNanoseconds() {
        #expect(Duration.seconds(2).nanosecondsToPause == 2_000_000_000)
        #expect(Duration.milliseconds(1500).nanosecondsToPause == 1_500_000_000)
        #expect(Duration.nanoseconds(7).nanosecondsToPause == 7)
        #expect(Duration.zero.nanosecondsToPause == 0)
    }

    @Test func aNegativeDurationDoesNotWaitAndAnEndlessOneWaitsAsLongAsItCan() {
        #expect(Duration.seconds(-1).nanosecondsToPause == 0)
        #expect(Duration.nanoseconds(-1).nanosecondsToPause == 0)
        #expect(Duration.seconds(Int64.max).nanosecondsToPause == UInt64(Int64.max))
        #expect(Duration.seconds(9_223_372_036).nanosecondsToPause == 9_223_372_036_000_000_000)
        #expect(Duration.seconds(9_223_372_037).nanosecondsToPause == UInt64(Int64.max))
    }

    @Test func aPauseWaitsAtLeastItsDuration() async throws {
        let started = ContinuousClock.now
        try await Task.pause(for: .milliseconds(50))
        #expect(ContinuousClock.now - started >= .milliseconds(50))
    }

    @Test func cancellingAPauseEndsItWithCancellationError() async throws {
        for _ in 0..<200 {
            let pausing = Task { try await Task.pause(for: .seconds(3600)) }
            pausing.cancel()
            await #expect(throws: CancellationError.self) { try await pausing.value }
        }
    }

    @Test func noCodeWaitsThroughSleepForDuration() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let forbidden = try Regex(#"(Task|Clock\(\)|\.continuous|\.suspending)\.sleep\(for:"#)
        var offenders: [String] = []
        for folder in ["Sources", "Benchmarks", "Tests"] {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let file = files?.nextObject() as? URL {
                guard file.pathExtension == "swift", file.lastPathComponent != "PauseTests.swift" else { continue }
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains(forbidden) {
                    offenders.append("\(file.path.dropFirst(root.path.count + 1)):\(number + 1)")
                }
            }
        }
        #expect(offenders.isEmpty, "these wait through sleep(for:); use Task.pause(for:): \(offenders)")
    }
}
