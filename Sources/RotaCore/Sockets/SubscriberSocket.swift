import Foundation
import Logging
import RotaModel
import WSCore

/// An actor's connection, `/subscriber/{id}/handle`: it first receives every action the actor
/// still owes running tasks, then every message of the types it subscribed to. What the actor
/// sends is stamped with its subscriber id, handed to the task handler and published.
///
/// The connection's own task writes the bus's deliveries; one child task reads what the actor
/// sends, and when the actor is done it ends the listener, so that the writing ends too. A task
/// keeps the memory its deepest frames once took for as long as it lives, so an idle connection
/// costs one task fewer than with a child for each, and the waiting frames hold little: what is
/// needed only once (the owed actions, the announcements) or only for a message (reading,
/// stamping, publishing it) is done in functions of its own, whose frames are gone while the
/// connection waits.
struct SubscriberSocket {
    let parts: CoreParts
    let subscriber: Subscriber

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        let socket = MessageSocket(outbound: outbound, metrics: parts.metrics)
        let (listener, deliveries) = await parts.bus.listen(subscriber: subscriber.id, channels: Set(subscriber.subscriptions.keys))
        do {
            let redelivered = try await sendOwedActions(to: socket, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await receive(inbound, answering: socket)
                    } catch {
                        await parts.bus.remove(listener)
                        throw error
                    }
                    await parts.bus.remove(listener)
                }
                let endedByBus = try await forward(deliveries, of: listener, skipping: redelivered, to: socket, logger: logger)
                group.cancelAll()
                if !endedByBus { try await group.next() }
            }
        } catch {
            logger.debug("actor connection ended: \(error)", metadata: ["subscriber": "\(subscriber.id)"])
        }
        await parts.bus.remove(listener)
        await parts.registry.disconnected(subscriber.id)
        await announceDisconnection(logger: logger)
    }

    /// The subscriber's message types, sorted, as the connection events name them.
    private var channels: JSONValue {
        .array(subscriber.subscriptions.keys.sorted().map(JSONValue.string))
    }

    /// Announces the connection, then writes every action the actor still owes running tasks;
    /// returns their references, so that the bus's copies of them are not written twice.
    private func sendOwedActions(to socket: MessageSocket, logger: Logger) async throws -> Set<ActionReference> {
        let id = subscriber.id
        let pending = await parts.taskHandler.pendingActions(for: id)
        await parts.taskHandler.receive(
            .event(Event(messageType: "message-listener-connected", data: ["subscriber_id": .string(id), "channels": channels])), from: .announcement)
        logger.info("actor connected", metadata: ["subscriber": "\(id)", "owed_actions": "\(pending.count)"])
        for message in pending { try await socket.write(message) }
        return Set(pending.compactMap(\.actionMessage?.reference))
    }

    /// Writes every delivery of the bus to the actor, but the owed actions already written, until
    /// the listener ends. When the bus ended it (the actor fell behind, the core stops), closes
    /// the connection with the reason and returns true.
    private func forward(
        _ deliveries: ListenerQueue, of listener: ListenerId, skipping owed: Set<ActionReference>, to socket: MessageSocket, logger: Logger
    ) async throws -> Bool {
        var redelivered = owed
        for await delivery in deliveries {
            if case .action(let action) = delivery.message, redelivered.remove(action.reference) != nil { continue }
            try await socket.outbound.write(.text(delivery.text))
        }
        return await closeIfEnded(listener, socket: socket, logger: logger)
    }

    /// Closes the connection with the reason the bus ended its listener, if it did; whether it did.
    private func closeIfEnded(_ listener: ListenerId, socket: MessageSocket, logger: Logger) async -> Bool {
        guard let reason = await parts.bus.endReason(of: listener) else { return false }
        logger.warning("actor disconnected: \(reason)", metadata: ["subscriber": "\(subscriber.id)"])
        await socket.close(.policyViolation, reason: reason)
        return true
    }

    /// Takes every message the actor sends, until it closes the connection.
    private func receive(_ inbound: WebSocketInboundStream, answering socket: MessageSocket) async throws {
        try await socket.receive(inbound, maxSize: parts.settings.maxFrameSize) { frame in
            try await take(frame, answering: socket)
        }
    }

    /// Hands one message of the actor, stamped with its id, to the core's ingress (which relays it);
    /// refuses what an actor never sends.
    private func take(_ frame: WebSocketMessage, answering socket: MessageSocket) async throws {
        guard let message = try await socket.read(frame) else { return }
        switch message {
        case .action, .actionAbort:
            try await socket.refuse("actors never send \(message.kind.rawValue) messages; answer with action_done, action_error, action_info or action_progress")
        default:
            let stamped = message.stamped(subscriberId: subscriber.id)
            await parts.taskHandler.receive(stamped, from: .actor(subscriber.id))
        }
    }

    /// Announces that the actor is gone.
    private func announceDisconnection(logger: Logger) async {
        let id = subscriber.id
        await parts.taskHandler.receive(
            .event(Event(messageType: "message-listener-disconnected", data: ["subscriber_id": .string(id), "channels": channels])), from: .announcement)
        logger.info("actor disconnected", metadata: ["subscriber": "\(id)"])
    }
}
