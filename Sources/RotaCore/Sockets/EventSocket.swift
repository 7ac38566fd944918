import Foundation
import Logging
import RotaModel
import WSCore

/// An `/events` connection: it receives every message on the bus (or the types it asked for with
/// `show`), and the events it sends are published, so they can start workflows or end a
/// `wait_for_event` step.
struct EventSocket {
    let parts: CoreParts
    let show: Set<String>?

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        let socket = MessageSocket(outbound: outbound, metrics: parts.metrics)
        let (listener, deliveries) = await parts.bus.listenToEverything(show: show)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await delivery in deliveries { try await outbound.write(.text(delivery.text)) }
                    if let reason = await parts.bus.endReason(of: listener) { await socket.close(.policyViolation, reason: reason) }
                }
                group.addTask {
                    try await socket.receive(inbound, maxSize: parts.settings.maxFrameSize) { frame in
                        guard let message = try await socket.read(frame) else { return }
                        guard case .event = message else {
                            try await socket.refuse("only events can be sent here; \(message.kind.rawValue) messages belong on an actor's connection")
                            return
                        }
                        await parts.taskHandler.receive(message, from: .client)
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            logger.debug("event connection ended: \(error)")
        }
        await parts.bus.remove(listener)
    }
}
