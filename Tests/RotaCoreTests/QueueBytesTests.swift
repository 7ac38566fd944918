import Foundation
@testable import RotaCore
import RotaModel
import Testing

@Suite("Listener queues bounded in bytes")
struct QueueBytesTests {
    static func event(_ number: Int) -> Message { .event(Event(messageType: "e\(number % 10)")) }
    /// The bytes one of these events takes in a queue.
    static let eventBytes = event(0).jsonText.utf8.count

    @Test func listenerThatDoesNotReadIsDisconnectedOnceItsBytesPassTheBound() async throws {
        let bus = MessageBus(queueLength: 1000, queueBytes: 3 * Self.eventBytes, metrics: CoreMetrics())
        let (listener, queue) = await bus.listenToEverything(show: nil)
        await bus.publish((0..<3).map(Self.event))
        #expect(await bus.endReason(of: listener) == nil, "exactly queue_bytes queued is accepted")
        await bus.publish([Self.event(3)])
        #expect(await bus.endReason(of: listener) == "fell behind by more than \(3 * Self.eventBytes) bytes of messages (queue_bytes)")
        var received = 0
        for await _ in queue { received += 1 }
        #expect(received == 3)
    }

    @Test func listenerThatReadsKeepsUp() async throws {
        let bus = MessageBus(queueLength: 1000, queueBytes: 3 * Self.eventBytes, metrics: CoreMetrics())
        let (listener, queue) = await bus.listenToEverything(show: nil)
        var iterator = queue.makeAsyncIterator()
        var received = 0
        for round in 0..<50 {
            await bus.publish([Self.event(2 * round), Self.event(2 * round + 1)])
            for _ in 0..<2 where await iterator.next() != nil { received += 1 }
        }
        #expect(received == 100)
        #expect(await bus.endReason(of: listener) == nil)
        await bus.remove(listener)
    }
}
