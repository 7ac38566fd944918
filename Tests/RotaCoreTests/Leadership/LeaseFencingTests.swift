import Foundation
import Logging
import RotaModel
import RotaStore
import RotaTestSupport
import ServiceLifecycle
import Testing

@testable import RotaCore

/// A leader whose lease another core took commits nothing, and its `LeaseKeeper` stops it; a
/// leader shut down gracefully hands the lease over at once.
@Suite struct LeaseFencingTests {
    static var logger: Logger {
        var logger = Logger(label: "rota.test.lease")
        logger.logLevel = .critical
        return logger
    }

    /// A store on a fresh database, and the lease of a core on it.
    static func lease(holder: String, duration: Duration = .seconds(30)) async throws -> (PostgresStore, LeaderLease) {
        let store = try await PostgresStore.open(try PostgresURL(try await TestPostgres.freshDatabaseURL()), logger: logger)
        return (store, LeaderLease(store: store, holder: holder, url: "http://\(holder).example:8900", duration: duration))
    }

    /// Ends the lease at once, as if it had expired without renewal.
    static func expire(_ store: PostgresStore) async throws {
        let other = LeaderLease(store: store, holder: "expiry", url: "", duration: .seconds(1))
        guard let current = try await other.leader() else { throw TestFailure("no lease to expire") }
        try await other.release(LeaseFence(holder: current.holder, epoch: current.epoch))
    }

    @Test func aLeaderWhoseLeaseWasTakenCommitsNothing() async throws {
        let (store, first) = try await Self.lease(holder: "first")
        defer { store.close() }
        let firstFence = try #require(try await first.acquire())
        let leader = store.fenced(by: firstFence)
        try await leader.saveSubscriber(Subscriber(id: "before", subscriptions: [Subscription(messageType: "work", timeout: 60)]))

        try await Self.expire(store)
        let second = LeaderLease(store: store, holder: "second", url: "http://second.example:8900", duration: .seconds(30))
        let secondFence = try #require(try await second.acquire())
        #expect(secondFence.epoch == firstFence.epoch + 1)

        await #expect(throws: LeaseLost.self) {
            try await leader.saveSubscriber(Subscriber(id: "stale", subscriptions: [Subscription(messageType: "work", timeout: 60)]))
        }
        #expect(try await store.subscribers().map(\.id) == ["before"])
        try await store.fenced(by: secondFence).saveSubscriber(Subscriber(id: "after", subscriptions: [Subscription(messageType: "work", timeout: 60)]))
        #expect(try await store.subscribers().map(\.id).sorted() == ["after", "before"])
    }

    @Test func aLeaderWhoseLeaseExpiredCommitsNothingEvenBeforeAnotherTakesIt() async throws {
        let (store, lease) = try await Self.lease(holder: "first")
        defer { store.close() }
        let leader = store.fenced(by: try #require(try await lease.acquire()))
        try await Self.expire(store)
        await #expect(throws: LeaseLost.self) {
            try await leader.saveSubscriber(Subscriber(id: "stale", subscriptions: [Subscription(messageType: "work", timeout: 60)]))
        }
        #expect(try await store.subscribers().isEmpty)
    }

    @Test func theKeeperStopsTheLeaderWhenAnotherCoreTookTheLease() async throws {
        let (store, lease) = try await Self.lease(holder: "first", duration: .seconds(3))
        defer { store.close() }
        let keeper = LeaseKeeper(lease: lease, fence: try #require(try await lease.acquire()), logger: Self.logger)
        let keeping = Task { try await keeper.run() }
        defer { keeping.cancel() }
        try await Self.expire(store)
        let other = LeaderLease(store: store, holder: "second", url: "http://second.example:8900", duration: .seconds(30))
        #expect(try await other.acquire() != nil)
        let outcome = await keeping.result
        #expect(throws: LeadershipLost.self) { try outcome.get() }
        #expect(try await other.leader()?.holder == "second")
    }

    @Test func theKeeperStopsTheLeaderWhenItsRenewalsGetNoAnswer() async throws {
        let (store, lease) = try await Self.lease(holder: "first", duration: .seconds(2))
        defer { store.close() }
        let fence = try #require(try await lease.acquire())
        let (locked, lockTaken) = AsyncStream.makeStream(of: Void.self)
        let holding = Task {
            try await store.withTransaction { connection in
                try await connection.query("SELECT name FROM rota_lease FOR UPDATE", logger: Self.logger)
                lockTaken.yield()
                try await Task.pause(for: .seconds(20))
            }
        }
        defer { holding.cancel() }
        for await _ in locked { break }
        let keeping = Task { try await LeaseKeeper(lease: lease, fence: fence, logger: Self.logger).run() }
        let giveUp = Task {
            try await Task.pause(for: .seconds(15))
            keeping.cancel()
        }
        defer { giveUp.cancel() }
        let outcome = await keeping.result
        #expect {
            try outcome.get()
        } throws: { error in
            "\(error)".contains("answered no renewal")
        }
    }

    @Test func theKeeperRenewsTheLeaseBeyondItsDuration() async throws {
        // A lease of 4 s, renewed every 1.3 s, watched for more than twice its duration: long
        // enough to need several renewals, with room for a busy machine to delay one.
        let (store, lease) = try await Self.lease(holder: "first", duration: .seconds(4))
        defer { store.close() }
        let fence = try #require(try await lease.acquire())
        let keeping = Task { try await LeaseKeeper(lease: lease, fence: fence, logger: Self.logger).run() }
        defer { keeping.cancel() }
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(9) {
            try await Task.pause(for: .milliseconds(250))
            #expect(try await lease.leader()?.live == true)
            #expect(try await LeaderLease(store: store, holder: "second", url: "", duration: .seconds(1)).acquire() == nil)
        }
    }

    @Test func aGracefulShutdownReleasesTheLeaseSoAStandbyTakesItAtOnce() async throws {
        let (store, lease) = try await Self.lease(holder: "first", duration: .seconds(300))
        defer { store.close() }
        let keeper = LeaseKeeper(lease: lease, fence: try #require(try await lease.acquire()), logger: Self.logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: keeper)], logger: Self.logger))
        let running = Task { try await group.run() }
        try await eventually("the lease is held") { try await lease.leader()?.live == true }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(try await lease.leader()?.live == false)
        #expect(try await LeaderLease(store: store, holder: "second", url: "", duration: .seconds(30)).acquire() != nil)
    }
}
