import Foundation
import Synchronization

/// One action as one actor sees it: a step of a run.
struct ActionKey: Hashable, Sendable {
    let actor: String
    let task: String
    let step: String
}

/// Everything the actors saw and did, from every thread: the connections they opened, each action
/// delivered (on which connection, and when), and each answer they wrote.
final class ActionJournal: Sendable {
    private struct State {
        var connections = 0
        var openConnection: [String: Int] = [:]
        var deliveries: [ActionKey: [Int]] = [:]
        var deliveryInstants: [ContinuousClock.Instant] = []
        var answered: [ActionKey: Int] = [:]
    }

    private let state = Mutex(State())
    private let clock = ContinuousClock()

    /// Actor `actor` opened a connection; returns the connection's number, unique in the test.
    func connected(_ actor: String) -> Int {
        state.withLock { state in
            state.connections += 1
            state.openConnection[actor] = state.connections
            return state.connections
        }
    }

    /// Connection `number` of `actor` ended.
    func disconnected(_ actor: String, connection number: Int) {
        state.withLock { state in
            if state.openConnection[actor] == number { state.openConnection[actor] = nil }
        }
    }

    /// The core delivered the action `key` on connection `number`.
    func delivered(_ key: ActionKey, connection number: Int) {
        let now = clock.now
        state.withLock { state in
            state.deliveries[key, default: []].append(number)
            state.deliveryInstants.append(now)
        }
    }

    /// The actor wrote its answer to the action `key`.
    func answered(_ key: ActionKey) {
        state.withLock { $0.answered[key, default: 0] += 1 }
    }

    /// How many actions were delivered so far, counting each delivery.
    var deliveryCount: Int { state.withLock { $0.deliveryInstants.count } }

    /// The number of the latest connection any actor opened.
    var latestConnection: Int { state.withLock { $0.connections } }

    /// The connection each actor has open now.
    var openConnections: [String: Int] { state.withLock { $0.openConnection } }

    /// The first delivery at or after `instant`, if there was one.
    func firstDelivery(after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        state.withLock { $0.deliveryInstants.first { $0 >= instant } }
    }

    /// The connections on which each action was delivered.
    var deliveries: [ActionKey: [Int]] { state.withLock { $0.deliveries } }

    /// How many answers each action got.
    var answers: [ActionKey: Int] { state.withLock { $0.answered } }
}
