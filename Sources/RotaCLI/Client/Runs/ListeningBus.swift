import Foundation
import RotaClient
import RotaModel

/// The core's bus, subscribed to before a run starts, with proof that the subscription is in
/// place: `open` sends the event `cli_listening` with a fresh nonce until that event comes back
/// on the subscription, so no message published after `open` returns is missed. Probes sent
/// more than once (a slow core) are never handed on.
enum ListeningBus {
    /// The message type of the probe.
    static let probeType = "cli_listening"
    /// How long `open` waits for its probe to come back before it gives up on the bus.
    static let probeLimit: Duration = .seconds(60)
    /// How often the probe is sent again while it has not come back.
    static let probeInterval: Duration = .milliseconds(200)
    /// The most messages kept for a reader that falls behind; older ones are dropped.
    static let bufferLength = 10_000

    /// The messages of the types in `show` from now on, the newest 10 000 kept when the reader
    /// falls behind. Throws when the core cannot be reached, refuses the subscription, or does
    /// not send the probe back within `limit`.
    static func open(_ api: CoreAPI, show: [String], limit: Duration = probeLimit) async throws(CoreAPIError) -> AsyncThrowingStream<Message, any Error> {
        let nonce = UUID().uuidString
        let source = api.events(show: show + [probeType])
        let (relay, relayContinuation) = AsyncThrowingStream<Message, any Error>.makeStream(bufferingPolicy: .bufferingNewest(bufferLength))
        let (arrived, arrivedContinuation) = AsyncThrowingStream<Void, any Error>.makeStream()
        let forwarding = Task {
            var isListening = false
            do {
                for try await message in source {
                    if case .event(let event) = message, event.messageType == probeType, event.data["nonce"]?.stringValue == nonce {
                        if !isListening {
                            isListening = true
                            arrivedContinuation.finish()
                        }
                    } else if isListening {
                        relayContinuation.yield(message)
                    }
                }
                relayContinuation.finish()
            } catch {
                arrivedContinuation.finish(throwing: error)
                relayContinuation.finish(throwing: error)
            }
            arrivedContinuation.finish()
        }
        relayContinuation.onTermination = { _ in forwarding.cancel() }
        let probe = Event(messageType: probeType, data: ["nonce": .string(nonce)])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in arrived {}
                }
                group.addTask {
                    try await Task.pause(for: limit)
                    throw CoreAPIError.failed(
                        request: "the WebSocket /events", reason: "the core did not send a probe event back within \(limit); its bus may be overloaded")
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await api.emit(probe)
                        try? await Task.pause(for: probeInterval)
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch let error as CoreAPIError {
            throw error
        } catch {
            throw .failed(request: "the WebSocket /events", reason: "\(error)")
        }
        return relay
    }
}
