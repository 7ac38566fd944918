import Foundation
import Logging
import RotaModel
import Synchronization

/// Which of a connection's cores requests go to, and the search for the leader when that core
/// fails: each listed core (and the leader a standby names, even if it is not listed) is asked
/// `GET /system/ready` in turn, and rounds repeat with backoff while a leader may yet appear.
final class LeaderFinder: Sendable {
    /// How long a search for the leader may go on: long enough for a standby to take over from a
    /// leader that died.
    static let searchTime: Duration = .seconds(20)
    /// The wait between rounds of a search.
    static let backoff = ReconnectPolicy(initialDelay: .milliseconds(200), maximumDelay: .seconds(2))

    /// The listed cores.
    let cores: [URL]
    private let current: Mutex<URL>
    private let logger: Logger

    init(cores: [URL], logger: Logger) {
        self.cores = cores
        current = Mutex(cores[0])
        self.logger = logger
    }

    /// The core requests go to now.
    var core: URL { current.withLock { $0 } }

    /// Sends requests to `core` from now on, and logs the change at notice level.
    func use(_ core: URL) {
        let changed = current.withLock { current in
            defer { current = core }
            return current != core
        }
        if changed { logger.notice("now using the core at \(Self.text(core)) (the leader)") }
    }

    /// Searches for the leader after `failed` failed, asking each core what it is with `role`: the
    /// cores listed after `failed` first, `failed` itself last. Returns the leader found, now in
    /// use, or nil when there is none: at once when a single core is listed and no standby
    /// answered, else when `searchTime` has passed.
    func search(after failed: URL, role: (URL) async -> CoreRole) async -> URL? {
        let deadline = ContinuousClock.now + Self.searchTime
        let start = (cores.firstIndex(of: failed).map { $0 + 1 }) ?? 0
        let order = Array(cores[start...] + cores[..<start].filter { $0 != failed }) + [failed]
        var rounds = 0
        while !Task.isCancelled {
            var queue = order
            var asked: Set<URL> = []
            var standbyAnswered = false
            while !queue.isEmpty, !Task.isCancelled {
                let candidate = queue.removeFirst()
                guard asked.insert(candidate).inserted else { continue }
                switch await role(candidate) {
                case .leader:
                    use(candidate)
                    return candidate
                case .standby(let leader):
                    standbyAnswered = true
                    if let leader, !asked.contains(leader), asked.count < 2 * CoreConnection.maxCores { queue.insert(leader, at: 0) }
                case .unavailable(let reason):
                    logger.debug("the core at \(Self.text(candidate)) cannot serve: \(reason)")
                }
            }
            guard cores.count > 1 || standbyAnswered else { return nil }
            rounds += 1
            let delay = Self.backoff.delay(afterFailures: rounds)
            guard ContinuousClock.now + delay < deadline else { return nil }
            try? await Task.pause(for: delay)
        }
        return nil
    }

    /// `url` without a trailing slash, as users see it in messages.
    static func text(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
