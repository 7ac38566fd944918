import Foundation
import Logging
import RotaModel
import RotaStore

/// Owns the subscribers and which of them is connected. Every change is stored, then made in
/// memory and handed to the task handler (steps that begin later see it, running steps stop
/// waiting for removed subscriptions), then to the bus (what a connection receives); a change
/// that cannot be stored changes nothing and is refused with `StoreUnavailable`. Changes are
/// made one at a time, so that each starts from the one before.
public actor SubscriptionRegistry {
    private let store: any SubscriberStore
    private let taskHandler: TaskHandler
    private let bus: MessageBus
    private let clock: any CoreClock
    private let metrics: CoreMetrics
    private let logger: Logger
    /// The most subscribers kept; a new one beyond is refused.
    private let maxSubscribers: Int
    private var directory = SubscriberDirectory()
    private var connected: Set<SubscriberId> = []
    /// Since when each connected subscriber has held its connection.
    private var connectedSince: [SubscriberId: Date] = [:]
    /// Since when each known subscriber has been without a connection.
    private var disconnectedSince: [SubscriberId: Date] = [:]
    /// Whether a change is being stored; the next ones wait in `changeWaiters`.
    private var isChanging = false
    private var changeWaiters: [CheckedContinuation<Void, Never>] = []

    public init(
        store: any SubscriberStore, taskHandler: TaskHandler, bus: MessageBus, clock: any CoreClock, metrics: CoreMetrics,
        maxSubscribers: Int = SubscriberLimits.subscribers, logger: Logger
    ) {
        self.maxSubscribers = maxSubscribers
        self.store = store
        self.taskHandler = taskHandler
        self.bus = bus
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }

    /// Reads the stored subscribers; each counts as disconnected from now on.
    public func load() async throws -> SubscriberDirectory {
        let now = clock.now()
        directory = SubscriberDirectory(try await store.subscribers())
        for id in directory.subscribers.keys { disconnectedSince[id] = now }
        return directory
    }

    // MARK: - Queries

    /// One subscriber.
    public func subscriber(_ id: SubscriberId) -> Subscriber? {
        directory.subscribers[id]
    }

    /// Every subscriber, by id.
    public func allSubscribers() -> [Subscriber] {
        directory.subscribers.values.sorted { $0.id < $1.id }
    }

    /// The subscribers of one message type, by id.
    public func subscribers(of messageType: String) -> [Subscriber] {
        directory.subscriptions(to: messageType).keys.sorted().compactMap { directory.subscribers[$0] }
    }

    /// Every subscriber, ordered by id, with whether it is connected now and since when it has
    /// been connected or without a connection (at the earliest, since the core started).
    public func connectionStates() -> [(subscriber: Subscriber, connected: Bool, since: Date?)] {
        directory.subscribers.values.sorted { $0.id < $1.id }.map { subscriber in
            let isConnected = connected.contains(subscriber.id)
            return (subscriber, isConnected, isConnected ? connectedSince[subscriber.id] : disconnectedSince[subscriber.id])
        }
    }

    /// Whether the subscriber is connected now.
    public func isConnected(_ id: SubscriberId) -> Bool {
        connected.contains(id)
    }

    /// Why subscriber `id` may not be kept, if it is new and the core holds `maxSubscribers`
    /// subscribers already.
    public func refusal(ofSubscriber id: SubscriberId) -> String? {
        guard directory.subscribers[id] == nil, directory.subscribers.count >= maxSubscribers else { return nil }
        return "the core holds \(maxSubscribers) subscribers, the most it keeps (max_subscribers); remove some first"
    }

    /// Why subscriber `id` may not take a subscription to `messageType`, if it may not: a new
    /// subscriber beyond `maxSubscribers`, or a subscription beyond
    /// `SubscriberLimits.subscriptions`.
    public func refusal(of messageType: String, for id: SubscriberId) -> String? {
        if let refusal = refusal(ofSubscriber: id) { return refusal }
        guard let subscriptions = directory.subscribers[id]?.subscriptions, subscriptions[messageType] == nil,
            subscriptions.count >= SubscriberLimits.subscriptions
        else { return nil }
        return "a subscriber may have at most \(SubscriberLimits.subscriptions) subscriptions"
    }

    // MARK: - Changes

    /// Adds or updates one subscription of subscriber `id` (created when unknown).
    public func subscribe(_ id: SubscriberId, to subscription: Subscription) async throws(StoreUnavailable) -> Subscriber {
        await beginChange()
        defer { endChange() }
        var subscriber = directory.subscribers[id] ?? Subscriber(id: id)
        subscriber.subscriptions[subscription.messageType] = subscription
        try await save(subscriber, removed: [])
        return subscriber
    }

    /// Removes one subscription of subscriber `id`; nil when the subscriber is unknown.
    public func unsubscribe(_ id: SubscriberId, from messageType: String) async throws(StoreUnavailable) -> Subscriber? {
        await beginChange()
        defer { endChange() }
        guard var subscriber = directory.subscribers[id] else { return nil }
        let removed = subscriber.subscriptions.removeValue(forKey: messageType) != nil
        try await save(subscriber, removed: removed ? [messageType] : [])
        return subscriber
    }

    /// Replaces every subscription of subscriber `id`.
    public func replaceSubscriptions(of id: SubscriberId, with subscriptions: [Subscription]) async throws(StoreUnavailable) -> Subscriber {
        await beginChange()
        defer { endChange() }
        let subscriber = Subscriber(id: id, subscriptions: subscriptions)
        let old = directory.subscribers[id].map { Set($0.subscriptions.keys) } ?? []
        try await save(subscriber, removed: old.subtracting(subscriber.subscriptions.keys).sorted())
        return subscriber
    }

    /// Removes subscriber `id` with all its subscriptions; nil when unknown.
    @discardableResult
    public func remove(_ id: SubscriberId) async throws(StoreUnavailable) -> Subscriber? {
        await beginChange()
        defer { endChange() }
        guard directory.subscribers[id] != nil else { return nil }
        do {
            try await store.deleteSubscriber(id)
        } catch {
            throw StoreUnavailable("the subscriber \"\(id)\" is not removed: removing it could not be stored: \(error)")
        }
        guard let subscriber = directory.remove(id) else { return nil }
        disconnectedSince.removeValue(forKey: id)
        await taskHandler.subscribersChanged(directory, removed: [(id, nil)])
        await bus.updateChannels(of: id, to: [])
        logger.info("subscriber removed", metadata: ["subscriber": "\(id)"])
        return subscriber
    }

    /// Stores `subscriber`, then makes it the one in memory; nothing changes when it cannot be stored.
    private func save(_ subscriber: Subscriber, removed: [String]) async throws(StoreUnavailable) {
        do {
            try await store.saveSubscriber(subscriber)
        } catch {
            throw StoreUnavailable("the subscriptions of \"\(subscriber.id)\" are unchanged: the change could not be stored: \(error)")
        }
        let isNew = directory.subscribers[subscriber.id] == nil
        directory.update(subscriber)
        if isNew, !connected.contains(subscriber.id) { disconnectedSince[subscriber.id] = clock.now() }
        await taskHandler.subscribersChanged(directory, removed: removed.map { (subscriber.id, $0) })
        await bus.updateChannels(of: subscriber.id, to: Set(subscriber.subscriptions.keys))
        logger.info(
            "subscriptions changed", metadata: ["subscriber": "\(subscriber.id)", "subscriptions": "\(subscriber.subscriptions.keys.sorted())"])
    }

    /// Waits until no other change is being made, then holds the registry's changes until `endChange`.
    private func beginChange() async {
        while isChanging { await withCheckedContinuation { changeWaiters.append($0) } }
        isChanging = true
    }

    /// Lets the next change go.
    private func endChange() {
        isChanging = false
        if !changeWaiters.isEmpty { changeWaiters.removeFirst().resume() }
    }

    // MARK: - Connections

    /// Reserves the connection of subscriber `id`, or says why it may not connect.
    public func admit(_ id: SubscriberId) -> ConnectionAdmission {
        guard let subscriber = directory.subscribers[id] else { return .unknown }
        guard !subscriber.subscriptions.isEmpty else { return .noSubscriptions }
        guard connected.insert(id).inserted else { return .alreadyConnected }
        disconnectedSince.removeValue(forKey: id)
        connectedSince[id] = clock.now()
        metrics.subscriberConnected()
        return .admitted(subscriber)
    }

    /// The connection of subscriber `id` ended.
    public func disconnected(_ id: SubscriberId) {
        guard connected.remove(id) != nil else { return }
        connectedSince.removeValue(forKey: id)
        metrics.subscriberDisconnected()
        if directory.subscribers[id] != nil { disconnectedSince[id] = clock.now() }
    }

    /// Removes every subscriber that has been disconnected for longer than `timeout`; returns their ids.
    public func removeDisconnected(longerThan timeout: TimeInterval) async -> [SubscriberId] {
        let now = clock.now()
        let expired = disconnectedSince.filter { now.timeIntervalSince($0.value) > timeout }.keys.sorted()
        var removed: [SubscriberId] = []
        for id in expired {
            do {
                try await remove(id)
                removed.append(id)
                logger.warning(
                    "subscriber lost its subscriptions: disconnected for more than \(Int(timeout)) s", metadata: ["subscriber": "\(id)"])
            } catch {
                logger.error("could not remove the disconnected subscriber: \(error)", metadata: ["subscriber": "\(id)"])
            }
        }
        return removed
    }
}
