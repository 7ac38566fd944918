import Foundation

/// The hand-off between the two halves of a merge (of resources or of a graph): the caller's task reads the body into
/// batches of rows and sends them; the database's writer thread, inside the merge's
/// transaction, receives and writes them. Reading and writing thus run on two cores at once.
///
/// At most `capacity` batches wait: a sender beyond that is suspended (never blocked) until the
/// writer takes one. The receiver blocks its thread, which is the database's own writer thread,
/// never one of Swift's cooperative threads. Either side can stop the other: the reader by
/// failing (the writer then rolls back), the writer by stopping (the reader then stops reading).
final class MergeRowChannel<Row: Sendable>: @unchecked Sendable {
    /// What the writer gets next.
    enum Delivery {
        case batch([Row])
        /// Every row was sent: the writer can commit.
        case end
        /// The reader failed: the writer must roll back.
        case failed
    }

    private let capacity: Int
    private let condition = NSCondition()
    private var batches: [[Row]] = []
    private var readerState = ReaderState.reading
    private var isStopped = false
    /// A batch that found the channel full, with its suspended sender.
    private var waitingSend: (batch: [Row], sender: CheckedContinuation<Bool, Never>)?

    private enum ReaderState {
        case reading, finished, failed
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Hands a batch to the writer; false when the writer has stopped and wants no more.
    func send(_ batch: [Row]) async -> Bool {
        await withCheckedContinuation { sender in
            condition.lock()
            if isStopped {
                condition.unlock()
                sender.resume(returning: false)
            } else if batches.count < capacity {
                batches.append(batch)
                condition.signal()
                condition.unlock()
                sender.resume(returning: true)
            } else {
                waitingSend = (batch, sender)
                condition.unlock()
            }
        }
    }

    /// Tells the writer that every row was sent.
    func finish() {
        condition.lock()
        readerState = .finished
        condition.signal()
        condition.unlock()
    }

    /// Tells the writer that reading failed.
    func fail() {
        condition.lock()
        readerState = .failed
        condition.signal()
        condition.unlock()
    }

    /// Waits for the next batch, the end, or the reader's failure. Call it from the writer only.
    func receive() -> Delivery {
        condition.lock()
        while batches.isEmpty, readerState == .reading { condition.wait() }
        if readerState == .failed {
            condition.unlock()
            return .failed
        }
        guard !batches.isEmpty else {
            condition.unlock()
            return .end
        }
        let batch = batches.removeFirst()
        let waiting = waitingSend
        if let waiting {
            batches.append(waiting.batch)
            waitingSend = nil
        }
        condition.unlock()
        waiting?.sender.resume(returning: true)
        return .batch(batch)
    }

    /// Tells the reader that the writer wants no more batches (it failed); a waiting sender
    /// is released.
    func stop() {
        condition.lock()
        isStopped = true
        batches = []
        let waiting = waitingSend
        waitingSend = nil
        condition.unlock()
        waiting?.sender.resume(returning: false)
    }
}
