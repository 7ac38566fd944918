import Foundation
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// `POST /graph/{graph}/merge` in the store: every node becomes a resource placed in its cloud,
/// account and region, the subtree below the replace node is replaced, all or nothing; the
/// graph reads back through `readGraph` as the worker's searches and the exporter's aggregates
/// see it.
@Suite("Graph merge")
struct GraphMergeTests {
    typealias G = CapturedGraph
    /// The stores this suite runs on.
    static let stores = StoreKind.allCases

    /// A node line of the hand-built graphs: a cloud `aws`, accounts and instances.
    static func node(_ id: String, _ kind: String, replace: Bool = false) -> String {
        #"{"id": "\#(id)", "reported": {"id": "\#(id)-r", "name": "\#(id)-name", "kind": "\#(kind)"}, "metadata": {"replace": \#(replace)}}"#
    }

    static func edge(_ from: String, _ to: String) -> String {
        #"{"from": "\#(from)", "to": "\#(to)"}"#
    }

    /// A merge of cloud `c` holding `accounts` (account id → instance ids), replacing the
    /// cloud, or only the accounts in `replacing`.
    static func graph(_ accounts: KeyValuePairs<String, [String]>, replacing: Set<String> = []) -> String {
        var lines = [node("root", "graph_root"), node("c", "cloud", replace: replacing.isEmpty), edge("root", "c")]
        for (account, instances) in accounts {
            lines += [node(account, "example_account", replace: replacing.contains(account)), edge("c", account)]
            for instance in instances { lines += [node(instance, "example_instance"), edge(account, instance)] }
        }
        return lines.map { $0 + "\n" }.joined()
    }


    /// The ids of the nodes `query` answers, and its edges as `from type to`.
    func search(_ store: any GraphStore, _ query: String, at now: Date = Clock.start) async throws -> (nodes: [GraphNode], edges: Set<String>) {
        let parsed = try GraphQuery(parsing: query)
        return try await store.readGraph(now: now) { source in
            var nodes: [GraphNode] = []
            var edges: Set<String> = []
            try parsed.run(
                source: source, section: "reported", limit: 1000, node: { nodes.append($0) }, edge: { edges.insert("\($0.from) \($0.type) \($0.to)") })
            return (nodes, edges)
        }
    }

    @Test(arguments: Self.stores) func firstMergeAddsEveryNodeButTheGraphRoot(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            let summary = try await store.mergeGraph(text: G.body)
            #expect(summary.replaced == [G.cloud])
            #expect(summary.added == 11)
            #expect(summary.updated == 0 && summary.unchanged == 0 && summary.removed == 0)
            #expect(summary.edges == 18)
            #expect(summary.deferredEdges == 1)
            #expect(summary.problemCount == 0, "\(summary.problems)")
            #expect(try await store.ids().count == 11)
            #expect(try await store.resource(id: G.root) == nil)
        }
    }

    @Test(arguments: Self.stores) func identicalMergeChangesNothingAndAMissingNodeIsRemoved(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            let again = try await store.mergeGraph(text: G.body, at: Clock.hour(1))
            #expect(again.unchanged == 11)
            #expect(again.added == 0 && again.updated == 0 && again.removed == 0)
            let without = try await store.mergeGraph(text: G.body(without: G.custom), at: Clock.hour(2))
            #expect(without.removed == 1)
            #expect(without.updated == 1, "the region lost its edge to the node")
            #expect(without.unchanged == 9)
            #expect(try await store.resource(id: G.custom) == nil)
            #expect(try await store.ids().count == 10)
        }
    }

    @Test(arguments: Self.stores) func nodeIsAResourceWithReportedWholeAsItsAttributes(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            let stored = try #require(try await store.resource(id: G.instance1))
            #expect(stored.resource.kind == "example_instance")
            #expect(stored.resource.name == "someInstance1")
            #expect(stored.resource.cloud == "example")
            #expect(stored.resource.account == "Example Account")
            #expect(stored.resource.region == "us-west")
            #expect(stored.resource.tags == ["Name": "Example Instance 1", "expiration": "2d", "owner": "lukas"])
            let line = try #require(G.lines.first { $0.contains("someInstance1") })
            #expect(JSONValue.object(stored.resource.attributes) == (try JSONValue(jsonText: line))["reported"])
            #expect(stored.resource.attributes["instance_cores"] == 4)
            let page = try await store.ids(ResourceFilter(kinds: ["example_instance"], regions: ["us-west"]))
            #expect(page == [G.instance1])
            #expect(try await store.ids(ResourceFilter(accounts: ["Example Account"])).count == 10, "every node below the account")
        }
    }

    @Test(arguments: Self.stores) func expiryComesFromTheExpirationTagAndTheCreationTime(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            let first = try #require(try await store.resource(id: G.instance1))
            #expect(first.metadata.expires == Timestamp.date("2026-12-05T16:30:14Z"))
            let second = try #require(try await store.resource(id: G.instance2))
            #expect(second.metadata.expires == Timestamp.date("2019-09-06T22:40:11Z"))
            #expect(try await store.ids(ResourceFilter(expired: true)) == [G.instance2])
            #expect(try await store.resource(id: G.volume1)?.metadata.expires == nil)
        }
    }

    @Test(arguments: Self.stores) func mergeByAccountAfterOneByCloudRemovesOnlyWhatThatAccountNoLongerHas(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: Self.graph(["a1": ["i1", "i2"], "a2": ["i3"]]))
            #expect(try await store.ids() == ["a1", "a2", "c", "i1", "i2", "i3"])
            let summary = try await store.mergeGraph(text: Self.graph(["a1": ["i1", "i4"]], replacing: ["a1"]), at: Clock.hour(1))
            #expect(summary.replaced == ["a1"])
            #expect(summary.removed == 1)
            #expect(try await store.ids() == ["a1", "a2", "c", "i1", "i3", "i4"])
            let again = try await store.mergeGraph(text: Self.graph(["a1": ["i1"], "a2": ["i3"]]), at: Clock.hour(2))
            #expect(again.removed == 1)
            #expect(try await store.ids() == ["a1", "a2", "c", "i1", "i3"])
        }
    }

    @Test(arguments: Self.stores) func mergeByCloudAfterOnesByAccountRemovesTheAccountsNoLongerReported(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: Self.graph(["a1": ["i1", "i2"]], replacing: ["a1"]))
            try await store.mergeGraph(text: Self.graph(["a2": ["i3"]], replacing: ["a2"]))
            try await store.mergeGraph(text: Self.graph(["a3": ["i5"]], replacing: ["a3"]))
            #expect(try await store.ids() == ["a1", "a2", "a3", "c", "i1", "i2", "i3", "i5"])
            let summary = try await store.mergeGraph(text: Self.graph(["a1": ["i1"], "a3": ["i5"]]), at: Clock.hour(1))
            #expect(summary.removed == 3)
            #expect(try await store.ids() == ["a1", "a3", "c", "i1", "i5"])
        }
    }

    @Test(arguments: Self.stores) func nodeWithTheIdOfAnOwnResourceIsRefusedAndChangesNothing(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.merge([resource(G.volume2)])
            do {
                try await store.mergeGraph(text: G.body)
                Issue.record("the merge took the id of a resource of /resources/merge")
            } catch let error as ResourceMergeError {
                #expect(error.path == "id")
                #expect(error.message.contains(G.volume2))
                #expect(error.line == 11)
            }
            #expect(try await store.ids() == [G.volume2])
            #expect(try await store.resource(id: G.volume2)?.resource == resource(G.volume2))
        }
    }

    @Test(arguments: Self.stores) func ownSnapshotOfTheSameCloudAndAccountLeavesTheGraphNodes(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            let summary = try await store.merge([resource("own-1", cloud: "example", account: "Example Account")], cloud: "example", account: "Example Account", at: Clock.hour(1))
            #expect(summary.added == 1)
            #expect(summary.removed == 0)
            #expect(try await store.ids().count == 12)
            let second = try await store.merge([resource("own-2", cloud: "example", account: "Example Account")], cloud: "example", account: "Example Account", at: Clock.hour(2))
            #expect(second.removed == 1)
            #expect(try await store.ids().count == 12)
            #expect(try await store.resource(id: G.instance1) != nil)
        }
    }

    @Test(arguments: Self.stores) func aModelBeyondTheMostKindsTheCoreKeepsStoresNothingAndOneAtTheLimitIsKept(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            var full: [String: [String]] = [:]
            for number in 0..<GraphModelReader.maximumKinds { full["kind_\(number)"] = ["resource"] }
            try await store.updateGraphKinds(full)
            #expect(try await store.graphKinds().bases.count == GraphModelReader.maximumKinds)
            await #expect(throws: GraphModelReader.Refusal.self) {
                try await store.updateGraphKinds(["one_more": ["resource"], "kind_0": ["account"]])
            }
            let kinds = try await store.graphKinds()
            #expect(kinds.bases.count == GraphModelReader.maximumKinds)
            #expect(kinds.bases["kind_0"] == ["resource"])
        }
    }

    @Test(arguments: Self.stores) func aNodeWhoseReportedSectionHoldsAKeyTwiceDeepInsideIsStoredAndNeverStopsAListing(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            let odd = #"{"id": "odd", "reported": {"id": "odd-r", "kind": "example_instance", "tags": {"owner": "x"}, "nested": {"a": 1, "a": 2}}}"#
            let body = Self.graph(["a1": ["i1"]]) + odd + "\n" + Self.edge("a1", "odd") + "\n"
            let summary = try await store.mergeGraph(text: body)
            #expect(summary.added == 4)
            let page = try await store.resources(ResourceQuery(), now: Clock.start)
            #expect(page.resources.map(\.id).contains("odd"))
            #expect(page.resources.first { $0.id == "odd" }?.resource.tags == ["owner": "x"])
            #expect(page.resources.first { $0.id == "i1" }?.resource.attributes["kind"] == "example_instance")
        }
    }

    @Test(arguments: Self.stores) func deferredEdgeWhoseSearchCannotBeAnsweredIsDroppedAndTheMergeStoresTheRest(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            let unanswerable = #"{"from_selector": {"node_id": "i1"}, "to_selector": {"search_criteria": "is(instance) sort reported.id"}, "edge_type": "default"}"#
            let everyPair = #"{"from_selector": {"search_criteria": "all"}, "to_selector": {"search_criteria": "all"}}"#
            let body = Self.graph(["a1": ["i1", "i2"]]) + unanswerable + "\n" + everyPair + "\n"
            let summary = try await store.mergeGraph(text: body)
            #expect(summary.added == 4)
            #expect(summary.deferredEdges == 12)
            #expect(summary.problems.contains { $0.message.contains("cannot be answered") && $0.message.contains("sort") }, "\(summary.problems)")
            #expect(try await store.resource(id: "i1") != nil)
        }
    }

    @Test(arguments: Self.stores) func deferredEdgeIsFoundOnceTheModelIsStoredAndDroppedAsAProblemBefore(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            let before = try await store.mergeGraph(text: G.body)
            #expect(before.deferredEdges == 0)
            #expect(before.problems.contains { $0.message.contains("found no node") })
            let missing = try await store.readGraph(now: Clock.start) { try $0.edges(of: G.instance1, .outbound) }
            #expect(!missing.contains(GraphEdgeEnd(type: "default", node: G.instance2)))
            try await store.updateGraphKinds(G.kinds)
            let after = try await store.mergeGraph(text: G.body, at: Clock.hour(1))
            #expect(after.deferredEdges == 1)
            #expect(after.problemCount == 0, "\(after.problems)")
            let outbound = try await store.readGraph(now: Clock.start) { try $0.edges(of: G.instance1, .outbound) }
            #expect(Set(outbound) == [GraphEdgeEnd(type: "default", node: G.volume1), GraphEdgeEnd(type: "default", node: G.instance2)])
            let inbound = try await store.readGraph(now: Clock.start) { try $0.edges(of: G.instance2, .inbound) }
            #expect(inbound.contains(GraphEdgeEnd(type: "default", node: G.instance1)))
        }
    }

    @Test(arguments: Self.stores) func badLineInTheMiddleChangesNothing(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            var lines = G.lines.map { $0.replacingOccurrences(of: #""instance_cores": 4"#, with: #""instance_cores": 8"#) }
            lines = lines.filter { !$0.contains(G.custom) }
            lines.insert(#"{"id": "broken", "reported": {"id": "x"}}"#, at: 9)
            do {
                try await store.mergeGraph(text: lines.map { $0 + "\n" }.joined(), at: Clock.hour(1))
                Issue.record("a merge with a bad line was stored")
            } catch let error as ResourceMergeError {
                #expect(error.line == 10)
                #expect(error.path == "reported.kind")
            }
            #expect(try await store.resource(id: G.instance1)?.resource.attributes["instance_cores"] == 4)
            #expect(try await store.resource(id: G.custom) != nil)
            #expect(try await store.ids().count == 11)
            #expect(try await store.resource(id: G.instance1)?.metadata.lastSeen == Clock.start)
        }
    }

    @Test(arguments: Self.stores) func firstMergeWithABadLastLineStoresNothing(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            await #expect(throws: ResourceMergeError.self) { try await store.mergeGraph(text: G.body + "\n{not json}\n") }
            #expect(try await store.ids() == [])
            #expect(try await store.readGraph(now: Clock.start) { try $0.node(id: G.instance1) } == nil)
        }
    }

    @Test(arguments: Self.stores) func bodyOverTheMostBytesIsRefused(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            await #expect(throws: MergeTooLarge.self) {
                try await store.mergeGraph(text: G.body, maxSize: G.body.utf8.count - 1)
            }
            #expect(try await store.ids() == [])
            #expect(try await store.mergeGraph(text: G.body, maxSize: G.body.utf8.count).added == 11)
        }
    }

    @Test(arguments: Self.stores) func cleanupSearchAnswersTheMarkedNodeWithItsAncestorsAndNeighbours(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            #expect(try await store.markClean(ids: [G.instance1], reason: "expired", now: Clock.start) == [G.instance1])
            let query = #"/desired.clean == true and /metadata.cleaned != true and /metadata.protected!=true and /ancestors.cloud.reported.id in ["example"] <-default,delete[0:]->"#
            let (nodes, edges) = try await search(store, query)
            let ids = Set(nodes.map(\.id))
            #expect(ids.count == nodes.count, "each node once")
            #expect(ids.isSuperset(of: [G.instance1, G.usWest, G.network1, G.account, G.cloud, G.volume1]))
            #expect(ids.isDisjoint(with: [G.root, G.usEast, G.network2, G.custom]))
            for edge in edges {
                let parts = edge.split(separator: " ").map(String.init)
                #expect(ids.contains(parts[0]) && ids.contains(parts[2]), "\(edge)")
            }
            #expect(edges.isSuperset(of: ["\(G.cloud) default \(G.account)", "\(G.usWest) default \(G.instance1)", "\(G.volume1) delete \(G.instance1)"]))
            let marked = try #require(nodes.first { $0.id == G.instance1 })
            #expect(marked.desired["clean"] == true)
            #expect(marked.metadata["python_type"] == "fix_plugin_example_collector.ExampleInstance")
            #expect(marked.reported["instance_status"] == "running")
            #expect(nodes.first { $0.id == G.volume1 }?.desired["clean"] != true)
        }
    }

    @Test(arguments: Self.stores) func cleanedAndProtectedAreTheCoresOwnFacts(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            try await store.markClean(ids: [G.instance1, G.instance2], reason: "expired", now: Clock.start)
            _ = try await store.setProtected(id: G.instance2, true)
            let cleanup = #"/desired.clean == true and /metadata.cleaned != true and /metadata.protected!=true and /ancestors.cloud.reported.id in ["example"]"#
            #expect(try await search(store, cleanup).nodes.map(\.id) == [G.instance1])
            #expect(try await search(store, "is(instance) and /metadata.protected != true").nodes.map(\.id) == [G.instance1])
            #expect(try await search(store, "/metadata.cleaned == true").nodes.isEmpty)
            #expect(try await store.recordCleaned(ids: [G.instance1], now: Clock.hour(1)) == [G.instance1])
            #expect(try await search(store, "/metadata.cleaned == true").nodes.map(\.id) == [G.instance1])
            #expect(try await search(store, cleanup).nodes.isEmpty)
        }
    }

    @Test(arguments: Self.stores) func aggregateGroupsOwnResourcesByTheirSyntheticAccounts(_ kind: StoreKind) async throws {
        try await TemporaryStore.with(kind) { (store: any GraphStore & ResourceStore) async throws in
            try await store.updateGraphKinds(G.kinds)
            try await store.mergeGraph(text: G.body)
            try await store.merge([resource("i-1"), resource("i-2"), resource("v-1", kind: "volume")])
            try await store.merge([resource("i-3", account: "222")], account: "222")
            let aggregate = try GraphAggregate(parsing: "aggregate(/ancestors.account.reported.name as account: sum(1) as count): is(instance)")
            let rows = try await store.readGraph(now: Clock.start) { try aggregate.run(source: $0, section: "reported") }
            let counts = rows.map { "\($0["group"]?["account"]?.stringValue ?? "-")=\($0["count"]?.doubleValue ?? -1)" }
            #expect(counts == ["111=2.0", "222=1.0", "Example Account=2.0"])
            let byCloud = try GraphAggregate(parsing: "aggregate(/ancestors.cloud.reported.name as cloud: sum(1) as count): is(volume)")
            let clouds = try await store.readGraph(now: Clock.start) { try byCloud.run(source: $0, section: "reported") }
            #expect(clouds.map { "\($0["group"]?["cloud"]?.stringValue ?? "-")=\($0["count"]?.doubleValue ?? -1)" } == ["aws=1.0", "example=2.0"])
        }
    }
}

extension GraphStore {
    /// Merges a graph given as text, in chunks that split its lines.
    @discardableResult
    func mergeGraph(text: String, at now: Date = Clock.start, maxSize: Int = .max) async throws -> GraphMergeSummary {
        try await mergeGraph(body: TextChunks(text, chunkSize: 97), now: now, maxSize: maxSize)
    }
}
