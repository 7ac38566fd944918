import Foundation
import Logging
import RotaModel
import WSCore

/// An actor's connection, `/subscriber/{id}/handle`: it first receives every action the actor
/// still owes running tasks, then every message of the types it subscribed to. What the actor
/// sends is stamped with its subscriber id, handed to the task handler and published.
struct SubscriberSocket {
    let parts: CoreParts
    let subscriber: Subscriber

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        let id = subscriber.id
        let socket = MessageSocket(outbound: outbound, metrics: parts.metrics)
        let (listener, deliveries) = await parts.bus.listen(subscriber: id, channels: Set(subscriber.subscriptions.keys))
        let pending = await parts.taskHandler.pendingActions(for: id)
        let channels = JSONValue.array(subscriber.subscriptions.keys.sorted().map(JSONValue.string))
        await parts.bus.publish([.event(Event(messageType: "message-listener-connected", data: ["subscriber_id": .string(id), "channels": channels]))])
        logger.info("actor connected", metadata: ["subscriber": "\(id)", "owed_actions": "\(pending.count)"])
        do {
            for message in pending { try await socket.write(message) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var redelivered = Set(pending.compactMap(\.actionMessage?.reference))
                    for await delivery in deliveries {
                        if case .action(let action) = delivery.message, redelivered.remove(action.reference) != nil { continue }
                        try await outbound.write(.text(delivery.text))
                    }
                    if let reason = await parts.bus.endReason(of: listener) {
                        logger.warning("actor disconnected: \(reason)", metadata: ["subscriber": "\(id)"])
                        await socket.close(.policyViolation, reason: reason)
                    }
                }
                group.addTask {
                    for try await frame in inbound.messages(maxSize: parts.settings.maxFrameSize) {
                        guard let message = try await socket.read(frame) else { continue }
                        switch message {
                        case .action, .actionAbort:
                            try await socket.refuse("actors never send \(message.kind.rawValue) messages; answer with action_done, action_error, action_info or action_progress")
                        default:
                            let stamped = message.stamped(subscriberId: id)
                            await parts.taskHandler.receive(stamped)
                            await parts.bus.publish([stamped])
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            logger.debug("actor connection ended: \(error)", metadata: ["subscriber": "\(id)"])
        }
        await parts.bus.remove(listener)
        await parts.registry.disconnected(id)
        await parts.bus.publish([.event(Event(messageType: "message-listener-disconnected", data: ["subscriber_id": .string(id), "channels": channels]))])
        logger.info("actor disconnected", metadata: ["subscriber": "\(id)"])
    }
}
