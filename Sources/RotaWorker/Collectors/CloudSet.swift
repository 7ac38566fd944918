import Synchronization

/// Names of clouds that several tasks share: the clouds an `exec` program reported in its last
/// collect, or those the worker has stored since it started.
final class CloudSet: Sendable {
    private let clouds = Mutex<Set<String>>([])

    init() {}

    /// Adds `cloud`.
    func insert(_ cloud: String) {
        clouds.withLock { _ = $0.insert(cloud) }
    }

    /// Replaces every cloud with `clouds`.
    func replace(with clouds: Set<String>) {
        self.clouds.withLock { $0 = clouds }
    }

    func contains(_ cloud: String) -> Bool {
        clouds.withLock { $0.contains(cloud) }
    }

    /// The clouds in alphabetical order.
    var sorted: [String] {
        clouds.withLock { $0.sorted() }
    }
}
