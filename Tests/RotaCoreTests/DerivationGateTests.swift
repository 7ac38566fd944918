import Dispatch
import Foundation
import RotaTestSupport
import Synchronization
import Testing

@testable import RotaCore

/// How many key derivations run at once, and how many may wait.
@Suite struct DerivationGateTests {
    /// Counts the work running at once, the most seen, and the work turned away.
    final class Tally: Sendable {
        private let counts = Mutex((now: 0, most: 0, turnedAway: 0))
        func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        func turnAway() { counts.withLock { $0.turnedAway += 1 } }
        var most: Int { counts.withLock { $0.most } }
        var turnedAway: Int { counts.withLock { $0.turnedAway } }
    }

    @Test func atMostOneOrTwoRunAndOneCoreIsLeft() {
        #expect(DerivationGate.defaultLimit(cores: 1) == 1)
        #expect(DerivationGate.defaultLimit(cores: 2) == 1)
        #expect(DerivationGate.defaultLimit(cores: 3) == 2)
        #expect(DerivationGate.defaultLimit(cores: 64) == 2)
        #expect(DerivationGate().queueLimit == 16)
    }

    @Test func derivationsBeyondTheLimitWaitAndBeyondTheQueueAreTurnedAway() async throws {
        let gate = DerivationGate(limit: 2, queueLimit: 3)
        let tally = Tally()
        let release = DispatchSemaphore(value: 0)
        let ran = await withTaskGroup(of: Int?.self) { group in
            for index in 0..<10 {
                group.addTask {
                    let result = await gate.run { () -> Int in
                        tally.enter()
                        release.wait()
                        tally.leave()
                        return index
                    }
                    if result == nil { tally.turnAway() }
                    return result
                }
            }
            try? await eventually("5 turned away, 3 waiting", within: 30) {
                tally.turnedAway == 5 && gate.waitingCount == 3
            }
            for _ in 0..<10 { release.signal() }
            return await group.reduce(into: [Int]()) { ran, result in if let result { ran.append(result) } }
        }
        #expect(ran.count == 5)
        #expect(tally.turnedAway == 5)
        #expect(tally.most == 2)
        #expect(gate.mostRunning == 2)
        #expect(gate.waitingCount == 0)
    }

    @Test func aWaiterWhoseTaskIsCancelledLeavesTheQueueAtOnceAndDerivesNothing() async throws {
        let gate = DerivationGate(limit: 1, queueLimit: 1)
        let tally = Tally()
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        let running = Task { await gate.run { () -> Int in release.wait(); return 1 } }
        try await eventually("one derivation runs", within: 30) { gate.mostRunning == 1 }
        let cancelled = Task { await gate.run { () -> Int in tally.enter(); return 2 } }
        try await eventually("one derivation waits", within: 30) { gate.waitingCount == 1 }
        cancelled.cancel()
        try await eventually("the cancelled derivation leaves the queue", within: 30) { gate.waitingCount == 0 }
        #expect(await cancelled.value == nil)
        let next = Task { await gate.run { () -> Int in 3 } }
        try await eventually("the next derivation takes the freed place in the queue", within: 30) { gate.waitingCount == 1 }
        release.signal()
        #expect(await running.value == 1)
        #expect(await next.value == 3)
        #expect(tally.most == 0)
    }

    @Test func aTaskCancelledBeforeItQueuesIsTurnedAwayWhenNoPlaceIsFree() async throws {
        let gate = DerivationGate(limit: 1, queueLimit: 4)
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        let running = Task { await gate.run { () -> Int in release.wait(); return 1 } }
        try await eventually("one derivation runs", within: 30) { gate.mostRunning == 1 }
        let tally = Tally()
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            let result = await gate.run { () -> Int in 2 }
            if result == nil { tally.turnAway() }
            return result
        }
        try await eventually("the cancelled derivation is turned away", within: 30) { tally.turnedAway == 1 }
        #expect(await cancelled.value == nil)
        #expect(gate.waitingCount == 0)
        release.signal()
        #expect(await running.value == 1)
    }
}
