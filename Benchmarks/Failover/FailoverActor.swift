import Foundation
import HummingbirdWSClient
import Logging
import RotaModel
import Synchronization

/// An actor of the benchmark on a raw WebSocket: it connects to whichever core accepts it (a
/// standby refuses), answers each action with `action_done` after a small random delay, records
/// when each action arrived, and connects again as soon as its connection ends.
final class FailoverActor: Sendable {
    let id: String
    private let ports: [Int]
    private let random: Mutex<SplitMix64>
    private let deliveries = Mutex<[ContinuousClock.Instant]>([])
    private let logger: Logger

    init(id: String, ports: [Int], seed: UInt64) {
        self.id = id
        self.ports = ports
        random = Mutex(SplitMix64(seed: seed))
        var logger = Logger(label: "rota.failover-bench.\(id)")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// When the first action after `moment` arrived, if one did.
    func firstDelivery(after moment: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        deliveries.withLock { $0.first { $0 > moment } }
    }

    /// Connects, answers and reconnects until the task is cancelled.
    func run() async {
        var next = 0
        while !Task.isCancelled {
            _ = try? await session(port: ports[next % ports.count])
            next += 1
            try? await Task.pause(for: .milliseconds(20))
        }
    }

    /// One connection, until the core closes it, refuses it or goes away.
    private func session(port: Int) async throws {
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/subscriber/\(id)/handle", logger: logger) { inbound, outbound, _ in
            await withDiscardingTaskGroup { group in
                do {
                    for try await frame in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = frame, case .action(let action)? = try? Message(jsonText: text) else { continue }
                        self.deliveries.withLock { $0.append(.now) }
                        let delay = Duration.milliseconds(self.random.withLock { Int.random(in: 0...100, using: &$0) })
                        group.addTask {
                            try? await Task.pause(for: delay)
                            try? await outbound.write(.text(Message.actionDone(action).jsonText))
                        }
                    }
                } catch {}
                group.cancelAll()
            }
        }
    }
}
