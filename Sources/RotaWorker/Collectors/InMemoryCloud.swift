import RotaModel

/// A made-up cloud held in memory, for the `example` and `random` collectors: each collect
/// returns what it was built with, less what cleanup deleted since.
///
/// The cloud is built on the first collect or delete, not when the worker starts.
actor InMemoryCloud {
    private let collector: String
    private let build: @Sendable () -> [ResourceSnapshot]
    private var built: [ResourceSnapshot]?
    private var ids: Set<String>?
    private var deleted: Set<String> = []

    init(collector: String, build: @escaping @Sendable () -> [ResourceSnapshot]) {
        self.collector = collector
        self.build = build
    }

    /// Every account's snapshot as it is now; an account whose resources were all deleted is
    /// still there, empty.
    func snapshots() -> [ResourceSnapshot] {
        let all = materialized()
        guard !deleted.isEmpty else { return all }
        return all.map { snapshot in
            var remaining = snapshot
            remaining.resources.removeAll { deleted.contains($0.id) }
            return remaining
        }
    }

    /// Removes the resource, so that the next collect no longer returns it.
    func delete(id: String) throws(CollectorError) {
        let known = ids ?? Set(materialized().lazy.flatMap(\.resources).map(\.id))
        ids = known
        guard known.contains(id), deleted.insert(id).inserted else {
            throw .unknownResource(collector: collector, id: id)
        }
    }

    private func materialized() -> [ResourceSnapshot] {
        if let built { return built }
        let snapshots = build()
        built = snapshots
        return snapshots
    }
}
