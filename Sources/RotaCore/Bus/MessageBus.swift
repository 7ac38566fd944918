import Foundation
import RotaModel

/// Delivers every published message to the listeners that want it: an actor's connection gets the
/// actions, aborts and events of the message types it subscribed to; an `/events` connection gets
/// every message, or the types it asked for.
///
/// Each listener has a queue bounded in messages and in bytes. One that falls behind by more than
/// `queueLength` messages or `queueBytes` bytes is disconnected: its stream ends, and
/// `endReason(of:)` says why. So a client that never reads costs the core at most `queueBytes`.
public actor MessageBus {
    private enum Audience: Sendable {
        case subscriber(SubscriberId)
        case events(show: Set<String>?)
    }

    private struct Listener {
        let audience: Audience
        var channels: Set<String>
        let continuation: AsyncStream<BusDelivery>.Continuation
        let bytes: QueuedBytes
    }

    /// The longest queue a listener may have before it is disconnected.
    public let queueLength: Int
    /// The most bytes a listener's queue may hold before it is disconnected.
    public let queueBytes: Int
    private let metrics: CoreMetrics
    private var listeners: [ListenerId: Listener] = [:]
    private var byChannel: [String: Set<ListenerId>] = [:]
    private var eventListeners: Set<ListenerId> = []
    private var endReasons: [ListenerId: String] = [:]
    private var nextId = 0

    public init(queueLength: Int, queueBytes: Int = CoreSettings().queueBytes, metrics: CoreMetrics) {
        self.queueLength = queueLength
        self.queueBytes = queueBytes
        self.metrics = metrics
    }

    /// Adds the connection of subscriber `id`, receiving messages of the types in `channels`.
    public func listen(subscriber id: SubscriberId, channels: Set<String>) -> (ListenerId, ListenerQueue) {
        add(.subscriber(id), channels: channels)
    }

    /// Adds an `/events` connection: every message, or only the types in `show`.
    public func listenToEverything(show: Set<String>?) -> (ListenerId, ListenerQueue) {
        add(.events(show: show), channels: [])
    }

    private func add(_ audience: Audience, channels: Set<String>) -> (ListenerId, ListenerQueue) {
        nextId += 1
        let id = ListenerId(value: nextId)
        let (stream, continuation) = AsyncStream<BusDelivery>.makeStream(bufferingPolicy: .bufferingOldest(queueLength))
        let bytes = QueuedBytes()
        listeners[id] = Listener(audience: audience, channels: [], continuation: continuation, bytes: bytes)
        switch audience {
        case .subscriber: route(id, to: channels)
        case .events: eventListeners.insert(id)
        }
        return (id, ListenerQueue(stream: stream, bytes: bytes))
    }

    /// Changes the message types a subscriber's connections receive.
    public func updateChannels(of subscriberId: SubscriberId, to channels: Set<String>) {
        for (id, listener) in listeners {
            if case .subscriber(subscriberId) = listener.audience { route(id, to: channels) }
        }
    }

    private func route(_ id: ListenerId, to channels: Set<String>) {
        guard let old = listeners[id]?.channels else { return }
        for channel in old.subtracting(channels) {
            byChannel[channel]?.remove(id)
            if byChannel[channel]?.isEmpty == true { byChannel.removeValue(forKey: channel) }
        }
        for channel in channels.subtracting(old) { byChannel[channel, default: []].insert(id) }
        listeners[id]?.channels = channels
    }

    /// Removes a listener; its stream ends.
    public func remove(_ id: ListenerId) {
        guard let listener = listeners.removeValue(forKey: id) else { return }
        for channel in listener.channels {
            byChannel[channel]?.remove(id)
            if byChannel[channel]?.isEmpty == true { byChannel.removeValue(forKey: channel) }
        }
        eventListeners.remove(id)
        listener.continuation.finish()
    }

    /// Why the bus ended a listener's stream, if it did (and not the listener itself).
    public func endReason(of id: ListenerId) -> String? {
        endReasons.removeValue(forKey: id)
    }

    /// Ends every listener's stream with `reason`, as the core shuts down.
    public func closeAll(reason: String) {
        for id in Array(listeners.keys) {
            endReasons[id] = reason
            remove(id)
        }
    }

    /// Delivers `messages`, in order, to every listener that wants them.
    public func publish(_ messages: [Message]) {
        var sent = 0
        for message in messages {
            let recipients = recipients(of: message)
            guard !recipients.isEmpty else { continue }
            let delivery = BusDelivery(message: message, text: message.jsonText)
            for id in recipients {
                deliver(delivery, to: id)
                sent += 1
            }
        }
        metrics.messagesSent(sent)
    }

    /// Actors receive the core's actions and aborts and the events of their types; `/events`
    /// listeners receive everything they show, actors' answers included. An action addressed to
    /// one subscriber (a retry's) goes to that subscriber's connections alone.
    private func recipients(of message: Message) -> [ListenerId] {
        var recipients: [ListenerId] = []
        switch message.kind {
        case .action, .actionAbort, .event:
            let subscribed = byChannel[message.messageType] ?? []
            if let addressee = message.actionMessage?.subscriberId {
                recipients.append(contentsOf: subscribed.filter { listeners[$0].map { Self.is($0, subscriber: addressee) } ?? false })
            } else {
                recipients.append(contentsOf: subscribed)
            }
        case .actionDone, .actionError, .actionInfo, .actionProgress:
            break
        }
        for id in eventListeners {
            guard case .events(let show) = listeners[id]?.audience else { continue }
            if show == nil || show?.contains(message.messageType) == true { recipients.append(id) }
        }
        return recipients
    }

    /// Whether `listener` is a connection of subscriber `id`.
    private static func `is`(_ listener: Listener, subscriber id: SubscriberId) -> Bool {
        if case .subscriber(id) = listener.audience { return true }
        return false
    }

    private func deliver(_ delivery: BusDelivery, to id: ListenerId) {
        guard let listener = listeners[id] else { return }
        if listener.bytes.add(delivery.byteCount) > queueBytes {
            disconnect(id, reason: "fell behind by more than \(queueBytes) bytes of messages (queue_bytes)")
        } else if case .dropped = listener.continuation.yield(delivery) {
            disconnect(id, reason: "fell behind by more than \(queueLength) messages")
        }
    }

    /// Ends the stream of a listener whose queue is full, with the reason.
    private func disconnect(_ id: ListenerId, reason: String) {
        metrics.queueDropped()
        endReasons[id] = reason
        remove(id)
    }
}
