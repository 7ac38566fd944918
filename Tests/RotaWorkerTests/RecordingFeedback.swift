import Synchronization
@testable import RotaWorker

/// Feedback that remembers every call, for tests to look at.
final class RecordingFeedback: CollectorFeedback {
    struct Progress: Hashable {
        var name: String
        var path: [String]
        var current: Int
        var total: Int
    }

    private let calls = Mutex((progress: [Progress](), infos: [String](), errors: [String]()))

    var progress: [Progress] { calls.withLock { $0.progress } }
    var infos: [String] { calls.withLock { $0.infos } }
    var errors: [String] { calls.withLock { $0.errors } }

    func progress(_ name: String, path: [String], current: Int, total: Int) {
        calls.withLock { $0.progress.append(Progress(name: name, path: path, current: current, total: total)) }
    }

    func info(_ message: String) {
        calls.withLock { $0.infos.append(message) }
    }

    func error(_ message: String) {
        calls.withLock { $0.errors.append(message) }
    }
}
