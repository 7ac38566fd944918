import RotaModel
import Testing

@testable import RotaWorker

/// `cleanup` and `cleanup_plan` actions with a `filter` in their data: they delete and mark only
/// what the filter selects, and a filter they cannot read fails them before they touch anything.
@Suite struct CleanupActionFilterTests {
    /// Marked resources in two accounts of `aws`, and one of a cloud the worker does not serve.
    static let marked = [
        Resource(id: "aws:123:instance:vm", kind: "instance", cloud: "aws", account: "123", region: "eu-west-1"),
        Resource(id: "aws:123:volume:disk", kind: "volume", cloud: "aws", account: "123", region: "eu-west-1", parent: "aws:123:instance:vm"),
        Resource(id: "aws:123:bucket:logs", kind: "bucket", cloud: "aws", account: "123", tags: ["team": "data"]),
        Resource(id: "aws:456:instance:vm", kind: "instance", cloud: "aws", account: "456", region: "eu-west-1"),
        Resource(id: "aws:456:bucket:logs", kind: "bucket", cloud: "aws", account: "456", tags: ["team": "data"]),
        Resource(id: "gcp:123:bucket:tmp", kind: "bucket", cloud: "gcp", account: "123"),
    ]

    /// Performs `cleanup` with `data` over ``marked``; returns what was deleted, in order, the
    /// inventory afterwards, and the run's log lines.
    private func cleanup(
        _ data: [String: JSONValue], deleting: Bool = true, inventory: FakeCleanupInventory = FakeCleanupInventory(marked: Self.marked),
        collector: DeletingCollector = DeletingCollector(cloud: "aws")
    ) async throws -> (deleted: [String], inventory: FakeCleanupInventory, feedback: RecordingFeedback) {
        let action = CleanupAction(collectors: [collector], inventory: inventory, cleanup: deleting, concurrency: 2)
        let feedback = RecordingFeedback()
        try await action.perform(data: data, feedback: feedback)
        return (collector.deleted, inventory, feedback)
    }

    @Test func aFilteredCleanupDeletesOnlyWhatTheFilterSelects() async throws {
        let (deleted, inventory, feedback) = try await cleanup([
            "task": "t1", "step": "cleanup", "attempt": 1, "input": [:], "filter": ["cloud": "aws", "account": "123"],
        ])
        #expect(deleted.sorted() == ["aws:123:bucket:logs", "aws:123:instance:vm", "aws:123:volume:disk"])
        #expect(try #require(deleted.firstIndex(of: "aws:123:volume:disk")) < #require(deleted.firstIndex(of: "aws:123:instance:vm")))
        #expect(inventory.cleaned.sorted() == deleted.sorted())
        #expect(inventory.listFilters == [ResourceFilter(clouds: ["aws"], accounts: ["123"])])
        #expect(feedback.infos.last == "deleted 3 of 3 marked resources (filter: cloud aws, account 123)")
        #expect(feedback.errors.isEmpty)
    }

    @Test func withoutAFilterOrWithAnEmptyOneEveryMarkedResourceOfTheWorkersCloudsIsDeleted() async throws {
        let everything = ["aws:123:bucket:logs", "aws:123:instance:vm", "aws:123:volume:disk", "aws:456:bucket:logs", "aws:456:instance:vm"]
        for data: [String: JSONValue] in [["task": "t1"], ["filter": [:]]] {
            let (deleted, inventory, feedback) = try await cleanup(data)
            #expect(deleted.sorted() == everything)
            #expect(inventory.listFilters == [ResourceFilter()])
            #expect(feedback.infos.first == "1 marked resources belong to clouds this worker does not collect; left to their workers")
            #expect(feedback.infos.last == "deleted 5 of 5 marked resources")
        }
    }

    @Test func theWorkerKeepsToTheFilterWhateverTheInventoryLists() async throws {
        let (deleted, _, _) = try await cleanup(["filter": ["kind": ["bucket", "volume"], "tags": ["team": "data"]]])
        #expect(deleted.sorted() == ["aws:123:bucket:logs", "aws:456:bucket:logs"])
        let (regional, _, _) = try await cleanup(["filter": ["region": "eu-west-1", "account": ["456", "789"]]])
        #expect(regional == ["aws:456:instance:vm"])
    }

    @Test func aFilterOfACloudTheWorkerDoesNotServeDeletesNothing() async throws {
        let (deleted, inventory, feedback) = try await cleanup(["filter": ["cloud": "gcp"]])
        #expect(deleted.isEmpty)
        #expect(inventory.cleaned.isEmpty)
        #expect(feedback.infos == [
            "1 marked resources belong to clouds this worker does not collect; left to their workers",
            "nothing to delete: no resource of this worker's clouds is marked for cleanup (filter: cloud gcp)",
        ])
    }

    @Test func aProtectedResourceIsNotDeletedEvenWhenTheFilterSelectsIt() async throws {
        let inventory = FakeCleanupInventory(marked: Self.marked, protected: ["aws:123:bucket:logs"])
        let (deleted, _, _) = try await cleanup(["filter": ["account": "123", "kind": "bucket"]], inventory: inventory)
        #expect(deleted.isEmpty)
    }

    @Test func withCleanupOffTheLogListsOnlyWhatTheFilterSelects() async throws {
        let (deleted, inventory, feedback) = try await cleanup(["filter": ["account": "456"]], deleting: false)
        #expect(deleted.isEmpty)
        #expect(inventory.cleaned.isEmpty)
        #expect(feedback.infos == [
            "cleanup is off (start the worker with --cleanup to delete): 2 marked resources would be deleted (filter: account 456)",
            "would delete aws:456:bucket:logs (bucket in aws/456, marked: expired)",
            "would delete aws:456:instance:vm (instance in aws/456, marked: expired)",
        ])
    }

    @Test(arguments: [
        (JSONValue.string("account=123"), "filter: must be an object with any of the keys cloud, account, region, kind, tags, not string"),
        (["acount": "123"], "filter.acount: is not a filter key (expected one of cloud, account, region, kind, tags)"),
        (["account": 123], "filter.account: must be a text or a list of texts, not number; quote it: \"123\""),
        (["account": []], "filter.account: must not be an empty list; leave the key out to select every account"),
        (["cloud": .string(String(repeating: "a", count: 300))], "filter.cloud: is 300 bytes long; at most 256"),
        (["kind": .array(Array(repeating: "bucket", count: 101))], "filter.kind: lists 101 values; at most 100"),
    ] as [(JSONValue, String)])
    func aFilterThatCannotBeReadFailsTheCleanupBeforeItTouchesAnything(filter: JSONValue, refusal: String) async throws {
        for deleting in [true, false] {
            let inventory = FakeCleanupInventory(marked: Self.marked)
            let collector = DeletingCollector(cloud: "aws")
            let error = await #expect(throws: CleanupFilterError.self) {
                _ = try await cleanup(["filter": filter], deleting: deleting, inventory: inventory, collector: collector)
            }
            #expect(error.map { "\($0)" } == refusal)
            #expect(collector.deleted.isEmpty)
            #expect(!inventory.wasAsked)
        }
    }

    @Test func theSameCleanupDeliveredTwiceDeletesEachResourceOnce() async throws {
        let inventory = FakeCleanupInventory(marked: Self.marked)
        let collector = DeletingCollector(cloud: "aws")
        let data: [String: JSONValue] = ["filter": ["account": "123"]]
        _ = try await cleanup(data, inventory: inventory, collector: collector)
        let (deleted, _, feedback) = try await cleanup(data, inventory: inventory, collector: collector)
        #expect(deleted.sorted() == ["aws:123:bucket:logs", "aws:123:instance:vm", "aws:123:volume:disk"])
        #expect(inventory.cleaned.sorted() == deleted.sorted())
        #expect(feedback.infos.last == "nothing to delete: no resource of this worker's clouds is marked for cleanup (filter: account 123)")
    }

    // MARK: cleanup_plan

    /// Performs `cleanup_plan` with `data` for a worker that has stored `clouds`.
    private func plan(
        _ data: [String: JSONValue], clouds: [String] = ["aws", "local"], cleanupExpired: Bool = true,
        inventory: FakeCleanupInventory = FakeCleanupInventory(marked: [], markedNow: ["aws:123:bucket:logs"])
    ) async throws -> (inventory: FakeCleanupInventory, feedback: RecordingFeedback) {
        let collected = CloudSet()
        for cloud in clouds { collected.insert(cloud) }
        let action = CleanupPlanAction(inventory: inventory, cleanupExpired: cleanupExpired, collectedClouds: collected)
        let feedback = RecordingFeedback()
        try await action.perform(data: data, feedback: feedback)
        return (inventory, feedback)
    }

    @Test func aFilteredPlanMarksTheExpiredResourcesTheFilterSelectsInTheWorkersClouds() async throws {
        let (inventory, feedback) = try await plan(["filter": ["cloud": ["aws", "gcp"], "account": "123", "tags": ["team": "data"]]])
        #expect(inventory.markFilters == [ResourceFilter(clouds: ["aws"], accounts: ["123"], tags: [ResourceTagFilter(key: "team", value: "data")])])
        #expect(feedback.infos == [
            "marked 1 expired resources of aws (filter: cloud aws or gcp, account 123, tag team=data) for cleanup: aws:123:bucket:logs"
        ])
    }

    @Test func aPlanWithoutAFilterMarksInEveryCloudTheWorkerStored() async throws {
        let (inventory, feedback) = try await plan(["task": "t1", "filter": [:]])
        #expect(inventory.markFilters == [ResourceFilter(clouds: ["aws", "local"])])
        #expect(feedback.infos == ["marked 1 expired resources of aws, local for cleanup: aws:123:bucket:logs"])
    }

    @Test func aPlanFilteredToCloudsTheWorkerDidNotStoreMarksNothing() async throws {
        let (inventory, feedback) = try await plan(["filter": ["cloud": "gcp"]])
        #expect(!inventory.wasAsked)
        #expect(feedback.infos == [
            "no expired resources marked: the filter selects none of the clouds this worker has stored since it started (aws, local)"
        ])
    }

    @Test func aPlanRefusesAFilterThatCannotBeReadEvenWhenItWouldMarkNothing() async throws {
        for cleanupExpired in [true, false] {
            let inventory = FakeCleanupInventory(marked: [])
            let error = await #expect(throws: CleanupFilterError.self) {
                _ = try await plan(["filter": ["account": ["123", false]]], cleanupExpired: cleanupExpired, inventory: inventory)
            }
            #expect(error == CleanupFilterError(path: "filter.account[1]", message: "must be a text, not boolean"))
            #expect(!inventory.wasAsked)
        }
    }
}
