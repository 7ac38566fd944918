import Testing

@testable import RotaModel

/// The worker's cleanup search over the example collector's graph, and navigations in general:
/// which nodes a walk reaches, and that the edges sent are exactly those among the nodes sent.
@Suite("Graph query navigation")
struct GraphQueryNavigationTests {
    /// The example collector's nodes by `reported.id`: the node ids are random.
    struct Example {
        let source: GraphQueryMemorySource

        init(markedForCleanup cloudIds: [String] = [], resolvingDeferredEdges: Bool = true) throws {
            source = try GraphQueryMemorySource.exampleCollector(resolvingDeferredEdges: resolvingDeferredEdges)
            for cloudId in cloudIds {
                guard var node = source.node(reportedId: cloudId) else { throw GraphQueryError(offset: 0, message: "no \(cloudId)") }
                node.desired = ["clean": true]
                source.add(node)
            }
        }

        func id(_ cloudId: String) -> String {
            source.node(reportedId: cloudId)?.id ?? cloudId
        }

        func cloudId(_ id: String) throws -> String {
            try source.node(id: id)?.reported["id"]?.stringValue ?? id
        }

        /// The result of `text`: its nodes by `reported.id`, and its edges.
        func run(_ text: String, limit: Int = 1_000) throws -> (nodes: [String], edges: [GraphResultEdge]) {
            var nodes: [String] = []
            var edges: [GraphResultEdge] = []
            try GraphQuery(parsing: text).run(
                source: source, section: "reported", limit: limit,
                node: { nodes.append($0.reported["id"]?.stringValue ?? $0.id) }, edge: { edges.append($0) })
            return (nodes, edges)
        }

        /// Every edge of `types` in the graph between two of `cloudIds`.
        func edges(among cloudIds: Set<String>, types: Set<String>) throws -> Set<GraphResultEdge> {
            var result: Set<GraphResultEdge> = []
            try source.forEachNode(ofKinds: nil) { node in
                for end in try source.edges(of: node.id, .outbound) where types.contains(end.type) {
                    let from = node.reported["id"]?.stringValue ?? "", to = try cloudId(end.node)
                    if cloudIds.contains(from), cloudIds.contains(to) { result.insert(GraphResultEdge(from: node.id, to: end.node, type: end.type)) }
                }
                return true
            }
            return result
        }
    }

    @Test func theCleanupSearchAnswersTheMarkedInstanceWithItsNeighbourhood() throws {
        let example = try Example(markedForCleanup: ["someInstance2"])
        let (nodes, edges) = try example.run(GraphQueryParsingTests.workerCleanupSearch(collectors: ["example"]))
        #expect(nodes.first == "someInstance2", "the marked node comes first, as it is found")
        #expect(nodes.count == Set(nodes).count, "each node once")
        let expected: Set<String> = [
            "someInstance2",
            "us-east", "Example Account", "example", "root",  // its ancestors up to the root
            "someNetwork2", "someVolume2",  // default and delete edges into it
            "someInstance1",  // the collector's deferred edge someInstance1 -> someInstance2
            "us-west", "someNetwork1", "someVolume1",  // ... and what is above that one
        ]
        #expect(Set(nodes) == expected)
        #expect(Set(edges) == (try example.edges(among: expected, types: ["default", "delete"])))
        #expect(edges.count == Set(edges).count, "each edge once")
        #expect(edges.count == 19)
        let sent = Set(nodes.map(example.id))
        #expect(edges.allSatisfy { sent.contains($0.from) && sent.contains($0.to) })
    }

    @Test func withoutTheDeferredEdgeTheInstanceBringsItsAncestorsItsVolumeAndItsDeleteNeighbours() throws {
        let example = try Example(markedForCleanup: ["someInstance2"], resolvingDeferredEdges: false)
        let (nodes, edges) = try example.run(GraphQueryParsingTests.workerCleanupSearch(collectors: ["example"]))
        let expected: Set<String> = ["someInstance2", "us-east", "Example Account", "example", "root", "someNetwork2", "someVolume2"]
        #expect(Set(nodes) == expected)
        #expect(nodes.count == expected.count)
        #expect(Set(edges) == (try example.edges(among: expected, types: ["default", "delete"])))
        #expect(edges.count == 10)
    }

    @Test func theCleanupSearchWithoutTheWorkersCloudsAnswersTheSame() throws {
        let example = try Example(markedForCleanup: ["someInstance2"])
        let withClouds = try example.run(GraphQueryParsingTests.workerCleanupSearch(collectors: ["example"]))
        let withoutClouds = try example.run(GraphQueryParsingTests.workerCleanupSearch(collectors: []))
        #expect(Set(withoutClouds.nodes) == Set(withClouds.nodes))
        #expect(Set(withoutClouds.edges) == Set(withClouds.edges))
        let otherCloud = try example.run(GraphQueryParsingTests.workerCleanupSearch(collectors: ["aws", "gcp"]))
        #expect(otherCloud.nodes.isEmpty && otherCloud.edges.isEmpty)
    }

    @Test func aWalkFromAVolumeReachesItsAncestorsAndDeleteNeighbours() throws {
        let example = try Example(markedForCleanup: ["someVolume2"], resolvingDeferredEdges: false)
        let (nodes, edges) = try example.run(GraphQueryParsingTests.workerCleanupSearch(collectors: ["example"]))
        #expect(nodes.first == "someVolume2")
        #expect(Set(nodes) == ["someVolume2", "someInstance2", "us-east", "Example Account", "example", "root", "someNetwork2"])
        #expect(Set(edges) == (try example.edges(among: Set(nodes), types: ["default", "delete"])))
        #expect(edges.contains(GraphResultEdge(from: example.id("someVolume2"), to: example.id("someInstance2"), type: "delete")))
        #expect(edges.contains(GraphResultEdge(from: example.id("someInstance2"), to: example.id("someVolume2"), type: "default")))
    }

    @Test func cleanedAndProtectedNodesAreNotStartedFrom() throws {
        let example = try Example(markedForCleanup: ["someInstance1", "someInstance2", "someVolume1"])
        for (cloudId, metadata) in [("someInstance1", ["protected": true]), ("someVolume1", ["cleaned": true] as JSONValue)] {
            var node = try #require(example.source.node(reportedId: cloudId))
            node.metadata = metadata
            example.source.add(node)
        }
        let (nodes, _) = try example.run(
            "/desired.clean == true and /metadata.cleaned != true and /metadata.protected!=true")
        #expect(nodes == ["someInstance2"])
    }

    @Test func depthsChooseWhichLevelsAreAnswered() throws {
        let example = try Example()
        #expect(try example.run("is(account) -->").nodes.sorted() == ["us-east", "us-west"])
        #expect(try example.run("is(account) -[0:1]->").nodes.sorted() == ["Example Account", "us-east", "us-west"])
        #expect(try example.run("is(cloud) -[2]->").nodes.sorted() == ["us-east", "us-west"])
        #expect(try example.run("is(region) <-[1:]-").nodes.sorted() == ["Example Account", "example", "root"])
        #expect(try example.run("is(region) <-[2:]-").nodes.sorted() == ["example", "root"])
        #expect(try example.run("id == someVolume1 <-delete-", limit: 10).nodes == [], "no delete edge ends at the volume")
        #expect(try example.run("id == someInstance1 <-delete-").nodes.sorted() == ["someNetwork1", "someVolume1"])
        #expect(try example.run("id == someInstance1 -delete->").nodes == [])
        let edges = try example.run("is(account) -[0:1]->").edges
        #expect(Set(edges.map(\.to)) == [example.id("us-east"), example.id("us-west")])
        #expect(edges.allSatisfy { $0.from == example.id("Example Account") && $0.type == "default" })
    }

    @Test func bothWaysNeverTurnsBackHalfway() throws {
        let example = try Example()
        let (nodes, _) = try example.run("id == us-east <-[0:]->")
        #expect(Set(nodes) == ["us-east", "Example Account", "example", "root", "someNetwork2", "someInstance2", "someVolume2"])
        #expect(!nodes.contains("us-west"), "us-west is reached only by going up to the account and down again")
    }

    @Test func aSearchWithoutNavigationSendsNodesOnly() throws {
        let example = try Example()
        let (nodes, edges) = try example.run("is(instance)")
        #expect(nodes == ["someInstance1", "someInstance2"])
        #expect(edges.isEmpty)
        #expect(example.source.kindsRead.last == ["instance", "example_instance"])
    }

    @Test func aWalkLargerThanTheLimitIsRefused() throws {
        let example = try Example(markedForCleanup: ["someInstance2"])
        let search = GraphQueryParsingTests.workerCleanupSearch(collectors: ["example"])
        #expect(throws: GraphQueryRunError.tooManyNodes(limit: 10)) { try example.run(search, limit: 10) }
        #expect(try example.run(search, limit: 11).nodes.count == 11)
    }
}
