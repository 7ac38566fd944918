import Foundation
import RotaModel
import RotaTestSupport
import RotaWorker
import Testing

/// Workflow steps that scope the worker's `cleanup` and `cleanup_plan` with a `filter` in their
/// action's data, against a real core: only the account the filter names is touched.
@Suite struct ScopedCleanupTests {
    static let expired = ["rota:expires": "2020-01-01T00:00:00Z"]
    /// Account 123's resources: an instance with its volume, and a bucket.
    static let account123 = ["test:123:bucket:logs", "test:123:instance:vm", "test:123:volume:disk"]
    /// Account 456's resources.
    static let account456 = ["test:456:bucket:logs", "test:456:instance:vm"]

    /// A cloud `test` with two accounts whose resources have all expired, each with `tags` besides.
    static func twoAccounts(tags: [String: String] = [:]) -> TestCollector {
        let tags = expired.merging(tags) { first, _ in first }
        return TestCollector(resources: [
            Resource(id: "test:123:instance:vm", kind: "instance", cloud: "test", account: "123", tags: tags),
            Resource(id: "test:123:volume:disk", kind: "volume", cloud: "test", account: "123", parent: "test:123:instance:vm", tags: tags),
            Resource(id: "test:123:bucket:logs", kind: "bucket", cloud: "test", account: "123", tags: tags),
            Resource(id: "test:456:instance:vm", kind: "instance", cloud: "test", account: "456", tags: tags),
            Resource(id: "test:456:bucket:logs", kind: "bucket", cloud: "test", account: "456", tags: tags),
        ])
    }

    /// A workflow of one step, a `cleanup` with `filter`.
    static func cleanup(_ filter: JSONValue) -> JSONValue {
        ["steps": [["name": "cleanup", "action": ["message_type": "cleanup", "data": ["filter": filter]]]]]
    }

    /// Defines workflow `id` from YAML and runs it to its end.
    private func run(_ yaml: String, id: String, on core: TestCore) async throws -> (run: JSONValue, log: [JSONValue]) {
        let defined = try await core.request(.PUT, "/workflows/\(id)", body: yaml, contentType: "application/yaml")
        #expect(defined.status == 201, "defining \(id): \(defined.text)")
        return try await core.completedRun(id)
    }

    /// Marks every expired resource of the cloud `test`, in both accounts.
    private func markEverything(on core: TestCore) async throws {
        let marked = try await core.request(.POST, "/resources/clean", json: ["filter": ["cloud": "test", "expired": true], "reason": "expired"])
        #expect(marked.status == 200, "marking: \(marked.text)")
        #expect(try await core.resources("clean=true").keys.sorted() == (Self.account123 + Self.account456).sorted())
    }

    @Test func aScopedCleanupDeletesOneAccountAndLeavesTheOthersMarkedResourcesInPlace() async throws {
        let cloud = Self.twoAccounts()
        try await withCore { core in
            try await withWorker([cloud], of: core, cleanup: true) {
                _ = try await core.completedRun("collect")
                try await markEverything(on: core)

                let (run, log) = try await run(
                    """
                    steps:
                      - name: cleanup
                        action: {message_type: cleanup, data: {filter: {cloud: test, account: "123"}}}
                    """, id: "cleanup-123", on: core)
                #expect(run["errors"] == 0)
                #expect(cloud.deleted.sorted() == Self.account123)
                let volume = try #require(cloud.deleted.firstIndex(of: "test:123:volume:disk"))
                let instance = try #require(cloud.deleted.firstIndex(of: "test:123:instance:vm"))
                #expect(volume < instance)
                #expect(messages(log, level: "info").contains("deleted 3 of 3 marked resources (filter: cloud test, account 123)"))
                #expect(try await core.resources("cleaned=true").keys.sorted() == Self.account123)
                #expect(try await core.resources("clean=true&cleaned=false").keys.sorted() == Self.account456)
            }
        }
    }

    @Test func aScopedPlanMarksOnlyTheExpiredResourcesOfItsAccount() async throws {
        let cloud = Self.twoAccounts()
        try await withCore { core in
            try await withWorker([cloud], of: core, cleanupExpired: true, cleanup: true) {
                _ = try await core.completedRun("collect")
                let (run, log) = try await run(
                    """
                    steps:
                      - name: plan
                        action: {message_type: cleanup_plan, data: {filter: {account: ["456"], kind: [instance, bucket]}}}
                      - name: cleanup
                        action: {message_type: cleanup, data: {filter: {account: ["456"]}}}
                    """, id: "nightly-456", on: core)
                #expect(run["errors"] == 0)
                let marked = "marked 2 expired resources of test (filter: account 456, kind instance or bucket) for cleanup: "
                #expect(messages(log, level: "info").contains { $0.hasPrefix(marked) })
                #expect(cloud.deleted.sorted() == Self.account456)
                #expect(try await core.resources("clean=true").keys.sorted() == Self.account456)
                #expect(try await core.resources("clean=false").keys.sorted() == Self.account123)
            }
        }
    }

    @Test func aFilterTheWorkerCannotReadFailsTheStepAndNothingIsDeleted() async throws {
        let cloud = Self.twoAccounts()
        try await withCore { core in
            try await withWorker([cloud], of: core, cleanup: true) {
                _ = try await core.completedRun("collect")
                try await markEverything(on: core)
                for (index, (filter, refusal)) in [
                    ("{cloud: test, account: 123}", "filter.account: must be a text or a list of texts, not number; quote it: \"123\""),
                    ("{acount: \"123\"}", "filter.acount: is not a filter key (expected one of cloud, account, region, kind, tags)"),
                    ("[\"123\"]", "filter: must be an object with any of the keys cloud, account, region, kind, tags, not array"),
                    ("{account: []}", "filter.account: must not be an empty list; leave the key out to select every account"),
                ].enumerated() {
                    let (run, log) = try await run(
                        """
                        steps:
                          - name: cleanup
                            action: {message_type: cleanup, data: {filter: \(filter)}}
                        """, id: "cleanup-bad-\(index)", on: core)
                    #expect(run["errors"] == 1, "\(filter)")
                    #expect(messages(log, level: "error").contains { $0.contains(refusal) }, "\(filter): \(messages(log, level: "error"))")
                }
                #expect(cloud.deleted.isEmpty)
                #expect(try await core.resources("cleaned=true").isEmpty)
            }
        }
    }

    @Test func textsWithTheCharactersOfAURLSelectExactlyWhatTheyName() async throws {
        let owner = "a&b=c+d; e/f%20é?"
        let cloud = Self.twoAccounts(tags: ["owner": owner])
        try await withCore { core in
            try await withWorker([cloud], of: core, cleanup: true) {
                _ = try await core.completedRun("collect")
                try await markEverything(on: core)
                #expect(try await core.request(.PUT, "/workflows/cleanup-prefix", json: Self.cleanup(["tags": ["owner": "a&b=c+d"]])).status == 201)
                let (missed, _) = try await core.completedRun("cleanup-prefix")
                #expect(missed["errors"] == 0)
                #expect(cloud.deleted.isEmpty)

                let exact = Self.cleanup(["account": "123", "tags": ["owner": .string(owner)]])
                #expect(try await core.request(.PUT, "/workflows/cleanup-exact", json: exact).status == 201)
                let (run, _) = try await core.completedRun("cleanup-exact")
                #expect(run["errors"] == 0)
                #expect(cloud.deleted.sorted() == Self.account123)
            }
        }
    }

    /// The largest filter the worker reads: 16 KiB of texts, most of them 256 bytes of `é`, which
    /// percent-encoding makes three times as long in the URL that asks the core for the marked
    /// resources; the core still answers it.
    @Test func theLargestFilterReachesTheCoreAndSelectsWhatItNames() async throws {
        let text = { (index: Int) in String(format: "%02d", index) + String(repeating: "é", count: 127) }
        let tags = Dictionary(uniqueKeysWithValues: (0..<16).map { (text($0), text($0 + 16)) })
        let accounts = ["123"] + (32..<48).map(text)
        var kinds = ["bucket"] + (48..<63).map(text)
        let used = (accounts + kinds + ["test"] + tags.keys + tags.values).reduce(0) { $0 + $1.utf8.count }
        kinds.append(String(repeating: "k", count: 16 << 10 - used))
        let filter: JSONValue = [
            "cloud": "test", "account": .array(accounts.map(JSONValue.string)), "kind": .array(kinds.map(JSONValue.string)),
            "tags": .object(tags.mapValues(JSONValue.string)),
        ]
        let workflow = Self.cleanup(filter)
        let cloud = Self.twoAccounts(tags: tags)
        try await withCore { core in
            try await withWorker([cloud], of: core, cleanup: true) {
                _ = try await core.completedRun("collect")
                try await markEverything(on: core)
                let defined = try await core.request(.PUT, "/workflows/cleanup-largest", json: workflow)
                #expect(defined.status == 201, "\(defined.text)")
                let (run, log) = try await core.completedRun("cleanup-largest")
                #expect(run["errors"] == 0, "\(messages(log, level: "error"))")
                #expect(cloud.deleted == ["test:123:bucket:logs"])
                let stillMarked = (Self.account123 + Self.account456).filter { $0 != "test:123:bucket:logs" }
                #expect(try await core.resources("clean=true&cleaned=false").keys.sorted() == stillMarked.sorted())
            }
        }
    }
}
