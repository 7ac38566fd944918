import Foundation
import RotaModel
import Testing

/// The first reading of a graph merge places every node: its ancestors along default edges,
/// its cloud, account and region by the model's kinds, the subtree it is replaced with, and its
/// edges. Checked on the example collector's merge as Fix Inventory 4.2.0's worker sent it.
@Suite("Graph merge index")
struct GraphMergeIndexTests {
    static let root = "jhGgCglHlbuWRQy1l0y_FA"
    static let cloud = "ZHoSnFpbxxILQHKBxsvVwA"
    static let account = "vfKMDXmQWbiGi7RXMUAoKA"
    static let usWest = "q-ewFfplOZDQGF3A65lR2w"
    static let usEast = "GShw-CLGQhHwnyVHeKS3Lg"
    static let network1 = "qcHksTtfCf6QFdAbnFsYGg"
    static let instance1 = "0jeoEqhN7OMxv1dWmYQohg"
    static let instance2 = "2tM9qkmkHF4Tm0RzK3auqQ"
    static let volume1 = "27C24lN1MusHq2K-di8EpA"

    /// The captured merge's lines.
    static func capturedLines() throws -> [String] {
        String(decoding: try fixture("graph-query-example-merge", "ndjson"), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The captured model's kinds with their bases.
    static func capturedKinds() throws -> GraphKinds {
        let model = try JSONValue(jsonData: try fixture("graph-query-example-model", "json"))
        var bases: [String: [String]] = [:]
        for kind in model.arrayValue ?? [] {
            guard let fqn = kind["fqn"]?.stringValue else { continue }
            bases[fqn] = kind["bases"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return GraphKinds(bases: bases)
    }

    /// The sealed index of `lines`, each skimmed as the store's first reading does.
    static func index(_ lines: [String], kinds: GraphKinds) throws -> GraphMergeIndex {
        var index = GraphMergeIndex(kinds: kinds)
        for (offset, line) in lines.enumerated() {
            try index.add(try GraphMergeLineTests.read(line, readsReported: false), number: offset + 1)
        }
        try index.seal()
        return index
    }

    static func captured() throws -> GraphMergeIndex {
        try index(try capturedLines(), kinds: try capturedKinds())
    }

    private static func fixture(_ name: String, _ ext: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    /// An edge as `in default <node>`.
    static func text(_ edge: GraphPlacement.Edge) -> String {
        "\(edge.direction == .inbound ? "in" : "out") \(edge.type) \(edge.node)"
    }

    @Test func capturedMergeIsCountedAndReplacesTheCloud() throws {
        let index = try Self.captured()
        #expect(index.nodeCount == 12)
        #expect(index.edgeCount == 18, "the edge from the graph root is not kept")
        #expect(index.replaceRoots == [Self.cloud])
        #expect(index.deferredEdges.count == 1)
        #expect(index.problemCount == 0)
        #expect(index.contains(Self.instance1))
        #expect(!index.contains("nope"))
    }

    @Test func instanceIsPlacedInItsCloudAccountAndRegion() throws {
        let placement = try #require(try Self.captured().placement(of: Self.instance1))
        #expect(placement.cloud == "example")
        #expect(placement.account == "Example Account")
        #expect(placement.region == "us-west")
        #expect(placement.parent == Self.usWest)
        #expect(placement.ancestors == [Self.usWest, Self.network1, Self.account, Self.cloud])
        #expect(!placement.ancestors.contains(Self.root))
        #expect(placement.replaceRoot == Self.cloud)
        #expect(
            Set(placement.edges.map(Self.text)) == [
                "in default \(Self.usWest)", "in default \(Self.network1)", "in delete \(Self.network1)", "in delete \(Self.volume1)",
                "out default \(Self.volume1)",
            ])
        #expect(placement.edges.count == 5)
        #expect(try Self.captured().placement(of: Self.instance2)?.region == "us-east")
    }

    @Test func cloudAndAccountArePlacedAboveAccountsAndRegions() throws {
        let index = try Self.captured()
        let cloud = try #require(index.placement(of: Self.cloud))
        #expect(cloud.cloud == "example")
        #expect(cloud.account == "")
        #expect(cloud.region == nil)
        #expect(cloud.parent == nil)
        #expect(cloud.ancestors == [])
        #expect(cloud.replaceRoot == Self.cloud)
        #expect(cloud.edges.map(Self.text) == ["out default \(Self.account)"])
        let account = try #require(index.placement(of: Self.account))
        #expect(account.account == "Example Account")
        #expect(account.region == nil)
        #expect(account.ancestors == [Self.cloud])
        #expect(index.placement(of: Self.usEast)?.ancestors == [Self.account, Self.cloud])
        #expect(index.placement(of: Self.root) == nil, "the graph root is not stored")
    }

    @Test func placementTextsReadBack() throws {
        let placement = try #require(try Self.captured().placement(of: Self.instance1))
        #expect(GraphPlacement.ancestors(fromText: placement.ancestorsText) == placement.ancestors)
        #expect(GraphPlacement.edges(fromText: placement.edgesText, .outbound) == [GraphEdgeEnd(type: "default", node: Self.volume1)])
        #expect(GraphPlacement.edges(fromText: placement.edgesText, .inbound).count == 4)
        #expect(placement.ancestorsText.contains(GraphPlacement.ancestorPattern(Self.cloud)))
    }

    @Test func withoutTheModelNothingIsPlacedInACloud() throws {
        let placement = try #require(try Self.index(try Self.capturedLines(), kinds: GraphKinds()).placement(of: Self.instance1))
        #expect(placement.cloud == "example", "the kind cloud is a cloud by its name")
        #expect(placement.account == "")
        #expect(placement.region == nil)
    }

    @Test func mergeWithoutAReplaceNodeIsRefused() throws {
        let lines = try Self.capturedLines().map { $0.replacingOccurrences(of: #", "replace": true"#, with: "") }
        #expect(throws: ResourceMergeError.self) { try Self.index(lines, kinds: try Self.capturedKinds()) }
        do {
            _ = try Self.index(lines, kinds: try Self.capturedKinds())
        } catch let error as ResourceMergeError {
            #expect(error.path == "metadata.replace")
        }
        let rootOnly = lines.map {
            $0.contains("graph_root") ? $0.replacingOccurrences(of: #"["management"]}"#, with: #"["management"], "replace": true}"#) : $0
        }
        #expect(rootOnly[0].contains(#""replace": true"#))
        #expect(throws: ResourceMergeError.self, "the graph root replaces nothing") { try Self.index(rootOnly, kinds: try Self.capturedKinds()) }
    }

    @Test func edgeToANodeTheMergeLacksIsDroppedAsAProblem() throws {
        let lines = try Self.capturedLines() + [#"{"from": "\#(Self.usWest)", "to": "ghost"}"#]
        let index = try Self.index(lines, kinds: try Self.capturedKinds())
        #expect(index.edgeCount == 18)
        #expect(index.problemCount == 1)
        #expect(index.problems.first?.id == "ghost")
        #expect(index.problems.first?.message.contains("dropped") == true)
        #expect(index.placement(of: "ghost") == nil)
        #expect(!index.contains("ghost"))
        #expect(index.placement(of: Self.usWest)?.edges.contains { $0.node == "ghost" } == false)
    }

    @Test func nodeIdTwiceIsRefusedAtItsSecondLine() throws {
        let lines = try Self.capturedLines()
        let instance = try #require(lines.first { $0.contains("someInstance1") })
        do {
            _ = try Self.index(lines + [instance], kinds: try Self.capturedKinds())
            Issue.record("a node id twice was accepted")
        } catch let error as ResourceMergeError {
            #expect(error.line == lines.count + 1)
            #expect(error.path == "id")
            #expect(error.message.contains(Self.instance1))
        }
    }

    @Test func moreThanTheMostDeferredEdgesIsRefused() throws {
        var index = GraphMergeIndex(kinds: try Self.capturedKinds())
        var number = 0
        for line in try Self.capturedLines() {
            number += 1
            try index.add(try GraphMergeLineTests.read(line, readsReported: false), number: number)
        }
        while index.deferredEdges.count < GraphMergeIndex.maximumDeferredEdges {
            number += 1
            let line = #"{"from_selector": {"node_id": "n\#(number)"}, "to_selector": {"search_criteria": "is(volume)"}}"#
            try index.add(try GraphMergeLineTests.read(line), number: number)
        }
        number += 1
        do {
            try index.add(try GraphMergeLineTests.read(#"{"from_selector": {"node_id": "last"}, "to_selector": {"node_id": "x"}}"#), number: number)
            Issue.record("one deferred edge too many was accepted")
        } catch let error as ResourceMergeError {
            #expect(error.line == number)
            #expect(error.message.contains("at most \(GraphMergeIndex.maximumDeferredEdges) deferred edges"))
        }
        try index.seal()
        #expect(index.deferredEdges.count == GraphMergeIndex.maximumDeferredEdges)
    }
}
