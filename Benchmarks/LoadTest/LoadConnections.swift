import Foundation
import HummingbirdWSClient
import Logging
import RotaBenchmarkSupport
import RotaClient
import RotaModel
import Synchronization

/// Many subscribers of one core: registered over REST a few at a time, and connected over
/// WebSockets in waves, so that the core's listen backlog is never flooded.
final class LoadConnections: Sendable {
    /// What a subscriber does with each text message on its connection.
    typealias Handler = @Sendable (String, WebSocketOutboundWriter) async throws -> Void

    let port: Int
    private let opened = Mutex(0)
    private let lost = Mutex(0)
    private let logger: Logger

    init(port: Int) {
        self.port = port
        var logger = Logger(label: "rota.load-test")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Connections opened so far, reconnections included.
    var openedCount: Int { opened.withLock { $0 } }
    /// Connections that ended while the test still needed them.
    var lostCount: Int { lost.withLock { $0 } }

    /// Subscribes each of `ids` to `messageTypes` (blocking, 60 s), `parallel` requests at a time.
    func register(_ ids: [String], to messageTypes: [String], api: CoreAPI, parallel: Int = 16) async throws {
        let subscriptions = JSONValue.array(
            messageTypes.map { ["message_type": .string($0), "wait_for_completion": true, "timeout": 60] })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, id) in ids.enumerated() {
                if index >= parallel { try await group.next() }
                group.addTask { try await api.put(CoreConnection.path("subscriber", id), json: subscriptions) }
            }
            try await group.waitForAll()
        }
    }

    /// Connects each of `ids` with `handler`, `wave` connections at a time, and returns once all
    /// are open; each connection is kept (and opened again if it drops) until its task is cancelled.
    func connect(_ ids: [String], wave: Int = 200, handler: @escaping Handler) async throws -> [Task<Void, Never>] {
        var tasks: [Task<Void, Never>] = []
        for start in stride(from: 0, to: ids.count, by: wave) {
            let target = start + min(wave, ids.count - start)
            for id in ids[start..<target] { tasks.append(keepConnected(id, handler: handler)) }
            let deadline = ContinuousClock.now + .seconds(120)
            while openedCount < target {
                guard ContinuousClock.now < deadline else {
                    throw BenchmarkFailure("only \(openedCount) of \(target) subscribers connected within 120 s")
                }
                try await Task.pause(for: .milliseconds(5))
            }
        }
        return tasks
    }

    private func keepConnected(_ id: String, handler: @escaping Handler) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                _ = try? await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/subscriber/\(id)/handle", logger: logger) {
                    inbound, outbound, _ in
                    self.opened.withLock { $0 += 1 }
                    defer { if !Task.isCancelled { self.lost.withLock { $0 += 1 } } }
                    for try await frame in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = frame else { continue }
                        try await handler(text, outbound)
                    }
                }
                try? await Task.pause(for: .milliseconds(100))
            }
        }
    }
}
