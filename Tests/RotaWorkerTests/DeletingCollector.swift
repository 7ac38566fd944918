import RotaModel
import Synchronization

@testable import RotaWorker

/// A collector of one cloud that collects nothing and records what cleanup deleted, in order.
final class DeletingCollector: Collector {
    let cloud: String
    private let deletions = Mutex<[String]>([])

    init(cloud: String) {
        self.cloud = cloud
    }

    var name: String { cloud }
    /// The ids deleted so far, in order.
    var deleted: [String] { deletions.withLock { $0 } }

    func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] { [] }

    func owns(_ resource: Resource) -> Bool { resource.cloud == cloud }

    func delete(_ resource: Resource) async throws {
        deletions.withLock { $0.append(resource.id) }
    }
}
