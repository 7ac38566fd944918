import RotaModel
import Testing

@testable import RotaWorker

/// The order cleanup deletes in: children before their parents.
@Suite struct DeletionOrderTests {
    private func resource(_ id: String, parent: String? = nil) -> Resource {
        Resource(id: id, kind: "thing", cloud: "c", account: "a", parent: parent)
    }

    @Test func childrenComeBeforeTheirParentsAndUnrelatedOnesShareALevel() {
        let order = DeletionOrder([
            resource("instance"), resource("volume", parent: "instance"), resource("snapshot", parent: "volume"),
            resource("bucket"),
        ])
        #expect(order.levels.map { $0.map(\.id) } == [["snapshot"], ["volume"], ["bucket", "instance"]])
        #expect(order.children == ["instance": ["volume"], "volume": ["snapshot"]])
    }

    @Test func aParentThatIsNotMarkedPutsItsChildOnTheTopLevel() {
        let order = DeletionOrder([resource("volume", parent: "instance"), resource("bucket")])
        #expect(order.levels.map { $0.map(\.id) } == [["bucket", "volume"]])
        #expect(order.children.isEmpty)
    }

    @Test func aCycleOfParentsIsCutAndEveryResourceIsStillDeletedOnce() {
        let order = DeletionOrder([resource("a", parent: "b"), resource("b", parent: "a"), resource("self", parent: "self")])
        #expect(order.levels.flatMap { $0 }.map(\.id).sorted() == ["a", "b", "self"])
        #expect(order.levels.count == 2)
    }
}
