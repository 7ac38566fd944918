import Foundation
import HeapModule
import RotaModel

/// The deadlines of the running steps, earliest first, so that a tick visits only the runs whose
/// deadline has passed rather than every run. A run's deadline may change or go away; an entry
/// that no longer matches the run's deadline is dropped when it comes up.
public struct DeadlineIndex: Sendable {
    private struct Entry: Comparable, Sendable {
        let deadline: Date
        let task: TaskId

        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.deadline, lhs.task) < (rhs.deadline, rhs.task) }
    }

    private var heap = Heap<Entry>()
    /// Each run's current deadline: the one entry of its that counts.
    private var current: [TaskId: Date] = [:]

    public init() {}

    /// How many runs have a deadline.
    public var count: Int { current.count }

    /// Records run `task`'s deadline, or that it has none.
    public mutating func set(_ task: TaskId, deadline: Date?) {
        guard current[task] != deadline else { return }
        current[task] = deadline
        if let deadline { heap.insert(Entry(deadline: deadline, task: task)) }
        compactIfStale()
    }

    /// Removes every run whose deadline is at or before `now`, earliest first, and returns them.
    public mutating func due(at now: Date) -> [TaskId] {
        var due: [TaskId] = []
        while let first = heap.min, first.deadline <= now {
            heap.removeMin()
            guard current[first.task] == first.deadline else { continue }
            current[first.task] = nil
            due.append(first.task)
        }
        return due
    }

    /// Rebuilds the heap when stale entries outnumber the live ones, so that memory stays in
    /// proportion to the runs with a deadline.
    private mutating func compactIfStale() {
        guard heap.count > 64, heap.count > 2 * current.count else { return }
        heap = Heap(current.map { Entry(deadline: $0.value, task: $0.key) })
    }
}
