import Foundation
import RotaModel
import RotaTestSupport
import RotaWorker
import Synchronization

/// A collector whose cloud the test changes between collects, that fails or waits for a gate
/// when told to, and that records what cleanup deleted, in order.
final class TestCollector: Collector {
    /// Why a collect failed, as a collector error reads.
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "the test cloud cannot be reached" }
    }

    let name: String
    let cloud: String
    private let gate: Gate?
    private let state: Mutex<(resources: [Resource], deleted: [String], failing: Bool)>

    init(
        name: String = "test", cloud: String = "test", resources: [Resource] = [], failing: Bool = false, holdCollectUntil gate: Gate? = nil
    ) {
        self.name = name
        self.cloud = cloud
        self.gate = gate
        state = Mutex((resources, [], failing))
    }

    /// The ids deleted so far, in the order cleanup deleted them.
    var deleted: [String] { state.withLock { $0.deleted } }

    /// Removes the resource from the cloud, as if someone deleted it by hand.
    func remove(_ id: String) {
        state.withLock { $0.resources.removeAll { $0.id == id } }
    }

    func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        try await gate?.wait()
        let (resources, failing) = state.withLock { ($0.resources, $0.failing) }
        if failing { throw Unreachable() }
        let accounts = Dictionary(grouping: resources, by: \.account)
        return accounts.keys.sorted().map { ResourceSnapshot(cloud: cloud, account: $0, resources: accounts[$0] ?? []) }
    }

    func owns(_ resource: Resource) -> Bool { resource.cloud == cloud }

    func delete(_ resource: Resource) async throws {
        state.withLock { state in
            state.resources.removeAll { $0.id == resource.id }
            state.deleted.append(resource.id)
        }
    }
}

/// A collector that passes everything to another and records what cleanup deleted, in order.
final class RecordingCollector<Wrapped: Collector>: Collector {
    let wrapped: Wrapped
    private let deletions = Mutex<[String]>([])

    init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    var name: String { wrapped.name }

    /// The ids deleted so far, in the order cleanup deleted them.
    var deleted: [String] { deletions.withLock { $0 } }

    func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        try await wrapped.collect(feedback: feedback)
    }

    func owns(_ resource: Resource) -> Bool { wrapped.owns(resource) }

    func delete(_ resource: Resource) async throws {
        try await wrapped.delete(resource)
        deletions.withLock { $0.append(resource.id) }
    }
}

/// A collector that passes everything to another but refuses to delete one resource.
final class RefusingCollector<Wrapped: Collector>: Collector {
    /// Why the deletion was refused.
    struct Busy: Error, CustomStringConvertible {
        var description: String { "the volume is busy" }
    }

    let wrapped: Wrapped
    let refused: String

    init(_ wrapped: Wrapped, refusing id: String) {
        self.wrapped = wrapped
        refused = id
    }

    var name: String { wrapped.name }

    func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        try await wrapped.collect(feedback: feedback)
    }

    func owns(_ resource: Resource) -> Bool { wrapped.owns(resource) }

    func delete(_ resource: Resource) async throws {
        if resource.id == refused { throw Busy() }
        try await wrapped.delete(resource)
    }
}

/// A collector whose deletions wait for a gate, and that counts the deletions begun and ended.
final class HeldCollector<Wrapped: Collector>: Collector {
    let wrapped: Wrapped
    private let gate: Gate
    private let counts = Mutex<(started: Int, ended: Int)>((0, 0))

    init(_ wrapped: Wrapped, until gate: Gate) {
        self.wrapped = wrapped
        self.gate = gate
    }

    var name: String { wrapped.name }
    /// Deletions begun so far.
    var started: Int { counts.withLock { $0.started } }
    /// Deletions ended so far, either way.
    var ended: Int { counts.withLock { $0.ended } }

    func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        try await wrapped.collect(feedback: feedback)
    }

    func owns(_ resource: Resource) -> Bool { wrapped.owns(resource) }

    func delete(_ resource: Resource) async throws {
        counts.withLock { $0.started += 1 }
        defer { counts.withLock { $0.ended += 1 } }
        try await gate.wait()
        try await wrapped.delete(resource)
    }
}
