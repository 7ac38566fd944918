import Foundation
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Testing

/// Subscribers on both stores: saved, replaced and deleted, listed by id, and a row that cannot
/// be read set aside while the others load.
@Suite("Subscriber store")
struct SubscriberStoreTests {
    @Test(arguments: StoreKind.allCases) func subscribersAreSavedReplacedAndDeletedInIdOrder(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let worker = Subscriber(id: "worker", subscriptions: ["collect": Subscription(messageType: "collect", timeout: 60)])
            let Upper = Subscriber(id: "Upper", subscriptions: [:])
            try await store.saveSubscriber(worker)
            try await store.saveSubscriber(Upper)
            try await store.saveSubscriber(Subscriber(id: "alpha", subscriptions: [:]))
            #expect(try await store.subscribers().map(\.id) == ["Upper", "alpha", "worker"])

            let replaced = Subscriber(
                id: "worker",
                subscriptions: ["clean": Subscription(messageType: "clean", waitForCompletion: false, timeout: 30)])
            try await store.saveSubscriber(replaced)
            try await store.deleteSubscriber("alpha")
            try await store.deleteSubscriber("unknown")
            #expect(try await store.subscribers() == [Upper, replaced])
        }
    }

    @Test(arguments: StoreKind.allCases) func aSubscriberThatCannotBeReadIsSetAsideAndTheOthersLoad(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any RecordStore) in
            let worker = Subscriber(id: "worker", subscriptions: ["collect": Subscription(messageType: "collect", timeout: 60)])
            try await store.saveSubscriber(worker)
            try await executeRaw("INSERT INTO subscriber (id, subscriptions) VALUES ('broken', 'not json')", on: store)
            #expect(try await store.subscribers() == [worker])
            let setAside = try await store.setAsideRecords()
            #expect(setAside.map(\.kind) == [.subscriber])
            #expect(setAside.map(\.id) == ["broken"])
            #expect(setAside.first?.reason.isEmpty == false)
        }
    }
}
