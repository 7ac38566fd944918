import NIOConcurrencyHelpers

/// What a listener of the bus reads: the deliveries queued for it, in order. The bytes of the
/// queued deliveries are counted as they are queued and as the listener takes them, so the bus
/// can tell a listener that falls behind in bytes as well as in messages.
public struct ListenerQueue: AsyncSequence, Sendable {
    public typealias Element = BusDelivery
    public typealias Failure = Never

    let stream: AsyncStream<BusDelivery>
    let bytes: QueuedBytes

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator(), bytes: bytes)
    }

    /// Takes the next delivery and uncounts its bytes.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncStream<BusDelivery>.Iterator
        let bytes: QueuedBytes

        public mutating func next() async -> BusDelivery? {
            guard let delivery = await base.next() else { return nil }
            bytes.remove(delivery.byteCount)
            return delivery
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> BusDelivery? {
            guard let delivery = await base.next(isolation: actor) else { return nil }
            bytes.remove(delivery.byteCount)
            return delivery
        }
    }
}

/// The bytes queued for one listener, shared by the bus (which adds) and the listener's queue
/// (which removes).
final class QueuedBytes: Sendable {
    private let count = NIOLockedValueBox(0)

    /// Counts `bytes` more; the bytes queued now.
    func add(_ bytes: Int) -> Int {
        count.withLockedValue { count in
            count += bytes
            return count
        }
    }

    func remove(_ bytes: Int) {
        count.withLockedValue { $0 -= bytes }
    }
}
