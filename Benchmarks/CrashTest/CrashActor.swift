import Foundation
import HummingbirdWSClient
import Logging
import RotaModel
import Synchronization

/// An actor of the crash test on a raw WebSocket, so that every delivery the core makes is seen
/// (the SDK's `RotaActor` answers an action it saw before without running its handler again).
/// It answers each action with `action_done` after a small random delay, records in the journal
/// what it received and answered, and connects again as soon as the core is back. Answers still
/// waiting when a connection ends are dropped: the core owes those actions and sends them again.
final class CrashActor: Sendable {
    let id: String
    private let port: Int
    private let journal: ActionJournal
    private let random: Mutex<SplitMix64>
    private let maxDelayMilliseconds: Int
    private let logger: Logger

    init(id: String, port: Int, journal: ActionJournal, seed: UInt64, maxDelayMilliseconds: Int) {
        self.id = id
        self.port = port
        self.journal = journal
        random = Mutex(SplitMix64(seed: seed))
        self.maxDelayMilliseconds = maxDelayMilliseconds
        var logger = Logger(label: "rota.crash-test.\(id)")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Connects, answers and reconnects until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            _ = try? await session()
            try? await Task.pause(for: .milliseconds(20))
        }
    }

    /// One connection, until the core closes it or goes away.
    private func session() async throws {
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/subscriber/\(id)/handle", logger: logger) { inbound, outbound, _ in
            let connection = self.journal.connected(self.id)
            defer { self.journal.disconnected(self.id, connection: connection) }
            await withDiscardingTaskGroup { group in
                do {
                    for try await frame in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = frame, case .action(let action)? = try? Message(jsonText: text) else { continue }
                        let key = ActionKey(actor: self.id, task: action.task, step: action.step)
                        self.journal.delivered(key, connection: connection)
                        let delay = self.nextDelay()
                        group.addTask {
                            do {
                                try await Task.pause(for: delay)
                                try await outbound.write(.text(Message.actionDone(action).jsonText))
                                self.journal.answered(key)
                            } catch {}
                        }
                    }
                } catch {}
                group.cancelAll()
            }
        }
    }

    private func nextDelay() -> Duration {
        .milliseconds(random.withLock { Int.random(in: 0...maxDelayMilliseconds, using: &$0) })
    }
}
