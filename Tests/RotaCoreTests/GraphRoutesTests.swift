import Foundation
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

/// Fix Inventory's graph API on a real core: the model, merges, the cleanup search, the nodes
/// patch that records deletions and aggregates, with their limits.
@Suite("Graph routes")
struct GraphRoutesTests {
    /// The kinds a small example graph needs, with their bases as the example collector's model
    /// declares them.
    static let model = #"""
        [{"fqn": "resource", "bases": []}, {"fqn": "phantom_resource", "bases": ["resource"]},
         {"fqn": "graph_root", "bases": ["phantom_resource"]}, {"fqn": "base_cloud", "bases": ["phantom_resource"]},
         {"fqn": "cloud", "bases": ["base_cloud"]}, {"fqn": "account", "bases": ["resource"]},
         {"fqn": "region", "bases": ["phantom_resource"]}, {"fqn": "instance", "bases": ["resource"]},
         {"fqn": "volume", "bases": ["resource"]}, {"fqn": "example_resource", "bases": []},
         {"fqn": "example_account", "bases": ["account"]}, {"fqn": "example_region", "bases": ["region"]},
         {"fqn": "example_instance", "bases": ["example_resource", "instance"]},
         {"fqn": "example_volume", "bases": ["example_resource", "volume"]}, {"fqn": "volume_status", "bases": null}]
        """#

    /// A graph of cloud `example`, account `Example Account`, region `us-west`, two instances
    /// and a volume, replacing the cloud.
    static let graph = #"""
        {"id": "root", "reported": {"id": "root", "kind": "graph_root", "name": "root"}, "metadata": {"python_type": "fixlib.baseresources.GraphRoot"}}
        {"id": "n-cloud", "reported": {"id": "example", "kind": "cloud", "name": "example"}, "metadata": {"python_type": "fixlib.baseresources.Cloud", "replace": true}}
        {"id": "n-account", "reported": {"id": "Example Account", "kind": "example_account", "name": "Example Account"}, "metadata": {}}
        {"id": "n-region", "reported": {"id": "us-west", "kind": "example_region", "name": "US West"}, "metadata": {}}
        {"id": "n-i1", "reported": {"id": "someInstance1", "kind": "example_instance", "name": "someInstance1", "instance_cores": 4, "tags": {"owner": "lukas"}}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleInstance"}}
        {"id": "n-i2", "reported": {"id": "someInstance2", "kind": "example_instance", "name": "someInstance2", "instance_cores": 2, "tags": {}}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleInstance"}}
        {"id": "n-v1", "reported": {"id": "someVolume1", "kind": "example_volume", "name": "someVolume1", "volume_size": 10}, "metadata": {}}
        {"from": "root", "to": "n-cloud"}
        {"from": "n-cloud", "to": "n-account"}
        {"from": "n-account", "to": "n-region"}
        {"from": "n-region", "to": "n-i1"}
        {"from": "n-region", "to": "n-i2"}
        {"from": "n-region", "to": "n-v1"}
        {"from": "n-i1", "to": "n-v1"}
        {"from": "n-v1", "to": "n-i1", "edge_type": "delete"}
        {"from": "ghost", "to": "n-v1"}

        """#

    static func merge(_ core: TestCore, _ body: String = graph, headers: [(String, String)] = []) async throws -> APIResponse {
        try await core.client().request(
            .POST, "/graph/fix/merge?wait_for_result=true", body: body, contentType: "application/x-ndjson",
            headers: [("Fix-Worker-Nodes", "7"), ("Fix-Worker-Edges", "8")] + headers)
    }

    /// A core with the model stored and the graph merged.
    static func withGraph(
        workflows: [Workflow] = [], configure: (inout CoreSettings) -> Void = { _ in }, _ body: (TestCore) async throws -> Void
    ) async throws {
        try await TestCore.with(workflows: workflows, configure: configure) { core in
            #expect(try await core.request(.POST, "/graph/fix").status == 200)
            let stored = try await core.request(.PUT, "/graph/fix/model", body: model, contentType: "application/json")
            #expect(stored.status == 200, "\(stored.text)")
            #expect(try await merge(core).status == 200)
            try await body(core)
        }
    }

    /// The JSON lines of an answer.
    static func lines(_ response: APIResponse) throws -> [JSONValue] {
        try response.text.split(separator: "\n").map { try JSONValue(jsonText: String($0)) }
    }

    @Test func graphIsCreatedAndANameThatIsNoneIsRefused() async throws {
        try await TestCore.with { core in
            let created = try await core.request(.POST, "/graph/fix")
            #expect(created.status == 200)
            let root = try Self.lines(created).first
            #expect(root?["reported"]?["kind"] == "graph_root")
            for name in ["1fix", "fix-graph", "fix%20graph", "f%C3%BCx", String(repeating: "g", count: 65)] {
                let refused = try await core.request(.POST, "/graph/\(name)")
                #expect(refused.status == 400, "\(name)")
                #expect(refused.text.contains("graph name"), "\(name): \(refused.text)")
                #expect(try await core.request(.POST, "/graph/\(name)/merge", body: Self.graph, contentType: "application/x-ndjson").status == 400)
                #expect(try await core.request(.POST, "/graph/\(name)/search/graph", body: "all", contentType: "text/plain").status == 400)
            }
            #expect(try await core.request(.POST, "/graph/\(String(repeating: "g", count: 64))").status == 200)
        }
    }

    @Test func modelIsStoredAndReadBack() async throws {
        try await TestCore.with { core in
            let stored = try await core.request(.PATCH, "/graph/fix/model", body: Self.model, contentType: "application/json")
            #expect(stored.status == 200)
            #expect(try stored.json()["kinds"] == 15)
            let kinds = try await core.request(.GET, "/graph/fix/model").json().arrayValue ?? []
            #expect(kinds.first { $0["fqn"] == "example_instance" }?["bases"] == ["example_resource", "instance"])
            #expect(kinds.first { $0["fqn"] == "volume_status" }?["bases"] == [])
        }
    }

    @Test func modelThatIsNotAListOfKindsIsRefused() async throws {
        try await TestCore.with { core in
            func put(_ body: String) async throws -> APIResponse {
                try await core.request(.PUT, "/graph/fix/model", body: body, contentType: "application/json")
            }
            #expect(try await put(#"{"fqn": "instance"}"#).status == 400)
            #expect(try await put("not json").status == 400)
            let withoutFqn = try await put(#"[{"fqn": "instance"}, {"bases": ["resource"]}]"#)
            #expect(withoutFqn.status == 400)
            #expect(try withoutFqn.json()["path"] == "[1].fqn", "\(withoutFqn.text)")
            #expect(withoutFqn.text.contains("fqn"))
            #expect(try await put(#"[{"fqn": ""}]"#).status == 400)
            #expect(try await put(#"[{"fqn": "\#(String(repeating: "k", count: 513))"}]"#).status == 400)
            let bases = (0...256).map { "\"b\($0)\"" }.joined(separator: ",")
            let tooManyBases = try await put(#"[{"fqn": "instance", "bases": [\#(bases)]}]"#)
            #expect(tooManyBases.status == 400)
            #expect(try tooManyBases.json()["path"] == "[0].bases", "\(tooManyBases.text)")
            #expect(tooManyBases.text.contains("at most 256"))
            let mostBases = (0..<256).map { "\"b\($0)\"" }.joined(separator: ",")
            #expect(try await put(#"[{"fqn": "instance", "bases": [\#(mostBases)]}]"#).status == 200)
            #expect(try await put(#"[{"fqn": "instance", "bases": ["resource", 3]}]"#).status == 400)
            #expect(try await core.request(.GET, "/graph/fix/model").json().arrayValue?.count == 1, "only the accepted model was stored")
        }
    }

    @Test func modelWithTooManyKindsIsRefused() async throws {
        try await TestCore.with { core in
            let kinds = (0...100_000).map { #"{"fqn":"k\#($0)"}"# }
            let refused = try await core.request(.PUT, "/graph/fix/model", body: "[" + kinds.joined(separator: ",") + "]", contentType: "application/json")
            #expect(refused.status == 400)
            #expect(refused.text.contains("at most 100000 kinds"), "\(refused.text)")
            let most = "[" + kinds.dropLast().joined(separator: ",") + "]"
            #expect(try await core.request(.PUT, "/graph/fix/model", body: most, contentType: "application/json").status == 200)
        }
    }

    @Test func modelOverTheLargestBodyIsRefused() async throws {
        try await TestCore.with(configure: { $0.maxBodySize = Self.model.utf8.count }) { core in
            let refused = try await core.request(.PUT, "/graph/fix/model", body: Self.model + " ", contentType: "application/json")
            #expect(refused.status == 413)
            #expect(try await core.request(.GET, "/graph/fix/model").json().arrayValue == [])
            let accepted = try await core.request(.PUT, "/graph/fix/model", body: Self.model, contentType: "application/json")
            #expect(accepted.status == 200, "\(accepted.text)")
        }
    }

    @Test func mergedNodeIsAResource() async throws {
        try await Self.withGraph { core in
            let summary = try await Self.merge(core).json()
            #expect(summary["unchanged"] == 6)
            #expect(summary["replaced"] == ["n-cloud"])
            #expect(summary["problem_count"] == 1)
            let resource = try await core.request(.GET, "/resources/n-i1")
            #expect(resource.status == 200)
            let json = try resource.json()
            #expect(json["cloud"] == "example")
            #expect(json["account"] == "Example Account")
            #expect(json["region"] == "us-west")
            #expect(json["attributes"]?["instance_cores"] == 4)
            #expect(try await core.request(.GET, "/resources/root").status == 404)
            let listed = try await core.request(.GET, "/resources?account=Example+Account&kind=example_instance").json()
            #expect(listed["resources"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["n-i1", "n-i2"])
        }
    }

    @Test func badMergeIsRefusedNamingTheLine() async throws {
        try await Self.withGraph { core in
            let broken = try await Self.merge(core, Self.graph + #"{"id": "x", "reported": {"id": "x"}}"# + "\n")
            #expect(broken.status == 400)
            #expect(broken.text.contains("line 17"), "\(broken.text)")
            #expect(broken.text.contains("reported.kind"), "\(broken.text)")
            let withoutReplace = try await Self.merge(core, Self.graph.replacingOccurrences(of: #", "replace": true"#, with: ""))
            #expect(withoutReplace.status == 400)
            #expect(withoutReplace.text.contains("metadata.replace"))
        }
    }

    @Test func mergeForARunNotesWhatItStoredInTheRunsLog() async throws {
        try await Self.withGraph(workflows: [TestWorkflows.single("wf", "collect")]) { core in
            let actor = try await core.actor("fixworker", subscribesTo: ["collect"])
            let taskId = try await core.run("wf")
            let action = try await actor.nextAction()
            #expect(try await Self.merge(core, headers: [("Fix-Worker-Task-Id", taskId)]).status == 200)
            try actor.done(action)
            _ = try await core.finishedRun(taskId)
            let log = try await core.request(.GET, "/tasks/\(taskId)/log").json().arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(log.contains { $0.contains("stored the graph below n-cloud") && $0.contains("6 unchanged") }, "\(log)")
            #expect(log.contains { $0.contains("ghost") }, "\(log)")
        }
    }

    @Test func cleanupSearchAnswersNodesAndEdgesAsTheWorkerReadsThem() async throws {
        try await Self.withGraph { core in
            let marked = try await core.request(.POST, "/resources/clean", json: ["ids": ["n-i1"], "reason": "test"])
            #expect(marked.status == 200, "\(marked.text)")
            let query = #"/desired.clean == true and /metadata.cleaned != true and /metadata.protected!=true and /ancestors.cloud.reported.id in ["example"] <-default,delete[0:]->"#
            let answer = try await core.request(.POST, "/graph/fix/search/graph?section=reported", body: query, contentType: "text/plain")
            #expect(answer.status == 200)
            #expect(answer.contentType == "application/x-ndjson")
            let lines = try Self.lines(answer)
            let nodes = lines.filter { $0["type"] == "node" }
            let ids = Set(nodes.compactMap { $0["id"]?.stringValue })
            #expect(ids == ["n-i1", "n-v1", "n-region", "n-account", "n-cloud"])
            let marker = nodes.first { $0["id"] == "n-i1" }
            #expect(marker?["desired"]?["clean"] == true)
            #expect(marker?["metadata"]?["python_type"] == "fix_plugin_example_collector.ExampleInstance")
            let edges = Set(lines.filter { $0["type"] == "edge" }.map { "\($0["from"]?.stringValue ?? "") \($0["edge_type"]?.stringValue ?? "") \($0["to"]?.stringValue ?? "")" })
            #expect(edges.isSuperset(of: ["n-region default n-i1", "n-i1 default n-v1", "n-v1 delete n-i1"]))
            #expect(edges.allSatisfy { !$0.contains("n-i2") })
            let array = try await core.client().request(
                .POST, "/graph/fix/search/graph?section=reported", body: query, contentType: "text/plain", headers: [("Accept", "application/json")])
            #expect(try array.json().arrayValue?.count == lines.count)
        }
    }

    @Test func searchThatRotaCannotReadIsRefusedNamingWhere() async throws {
        try await Self.withGraph { core in
            let refused = try await core.request(.POST, "/graph/fix/search/graph", body: "is(instance) and ((", contentType: "text/plain")
            #expect(refused.status == 400)
            let message = try refused.json()["message"]?.stringValue ?? ""
            let expected = try #require(Self.parseError("is(instance) and (("))
            #expect(expected.offset > 0)
            #expect(message.contains("at \(expected.offset):"), "\(message)")
            #expect(message == expected.description)
            let aggregate = try await core.request(.POST, "/graph/fix/search/aggregate", body: "aggregate(: is(x)", contentType: "text/plain")
            #expect(aggregate.status == 400)
        }
    }

    /// The refusal of a search's text, or nil when it is read.
    static func parseError(_ text: String) -> GraphQueryError? {
        do {
            _ = try GraphQuery(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func mergeOverTheLargestMergeIsRefusedAndChangesNothing() async throws {
        let size = Self.graph.utf8.count
        try await TestCore.with(configure: { $0.maxMergeSize = size - 1 }) { core in
            _ = try await core.request(.PUT, "/graph/fix/model", body: Self.model, contentType: "application/json")
            let refused = try await Self.merge(core)
            #expect(refused.status == 413)
            #expect(try refused.json()["error"] == "merge_too_large")
            #expect(try await core.request(.GET, "/resources/n-i1").status == 404)
        }
        try await TestCore.with(configure: { $0.maxMergeSize = size }) { core in
            let accepted = try await Self.merge(core)
            #expect(accepted.status == 200, "\(accepted.text)")
        }
    }

    @Test func nodesPatchOverTheLargestBodyIsRefused() async throws {
        let line = #"{"id": "n-i1", "metadata": {"cleaned": true}}"# + "\n"
        let body = line + String(repeating: #"{"id": "unknown", "metadata": {"cleaned": true}}"# + "\n", count: 100)
        try await Self.withGraph(configure: { $0.maxBodySize = body.utf8.count - 1 }) { core in
            let refused = try await core.request(.PATCH, "/graph/fix/nodes", body: body, contentType: "application/x-ndjson")
            #expect(refused.status == 413)
            #expect(try await core.request(.GET, "/resources/n-i1").json()["metadata"]?["cleaned"]?.stringValue == nil)
            #expect(try await core.request(.PATCH, "/graph/fix/nodes", body: line, contentType: "application/x-ndjson").status == 200)
        }
    }

    @Test func searchOver16KiBIsRefused() async throws {
        try await Self.withGraph { core in
            let longest = "is(instance) and name == \"" + String(repeating: "n", count: 16 * 1024 - 27) + "\""
            #expect(longest.utf8.count == 16 * 1024)
            #expect(try await core.request(.POST, "/graph/fix/search/graph", body: longest, contentType: "text/plain").status == 200)
            let refused = try await core.request(.POST, "/graph/fix/search/graph", body: longest + " ", contentType: "text/plain")
            #expect(refused.status == 413)
            #expect(try await core.request(.POST, "/graph/fix/search/aggregate", body: longest + " ", contentType: "text/plain").status == 413)
        }
    }

    @Test func nodesPatchRecordsDeletionsAndIgnoresUnknownIds() async throws {
        try await Self.withGraph { core in
            let body = [
                #"{"id": "n-i1", "reported": {"kind": "example_instance"}, "metadata": {"cleaned": true, "python_type": "x"}}"#,
                #"{"id": "unknown", "metadata": {"cleaned": true}}"#,
                #"{"id": "n-i2", "metadata": {"cleaned": false}}"#,
            ].joined(separator: "\n")
            let answer = try await core.request(.PATCH, "/graph/fix/nodes", body: body, contentType: "application/x-ndjson")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try answer.json().arrayValue?.compactMap { $0["id"]?.stringValue } == ["n-i1"])
            #expect(try await core.request(.GET, "/resources/n-i1").json()["metadata"]?["cleaned"]?.stringValue != nil)
            #expect(try await core.request(.GET, "/resources/n-i2").json()["metadata"]?["cleaned"]?.stringValue == nil)
            let cleaned = try await core.request(.POST, "/graph/fix/search/graph", body: "/metadata.cleaned == true", contentType: "text/plain")
            #expect(try Self.lines(cleaned).compactMap { $0["id"]?.stringValue } == ["n-i1"])
        }
    }

    @Test func nodesPatchWithALineThatIsNotJSONIsRefused() async throws {
        try await Self.withGraph { core in
            let body = #"{"id": "n-i1", "metadata": {"cleaned": true}}"# + "\n{not json\n"
            let refused = try await core.request(.PATCH, "/graph/fix/nodes", body: body, contentType: "application/x-ndjson")
            #expect(refused.status == 400)
            #expect(refused.text.contains("line 2"), "\(refused.text)")
            #expect(try await core.request(.PATCH, "/graph/fix/nodes", body: #"{"metadata": {"cleaned": true}}"#, contentType: "application/x-ndjson").status == 400)
            #expect(try await core.request(.GET, "/resources/n-i1").json()["metadata"]?["cleaned"]?.stringValue == nil, "nothing was recorded")
        }
    }

    @Test func aggregateAnswersJSONLinesOrOneArray() async throws {
        try await Self.withGraph { core in
            let query = "aggregate(/ancestors.account.reported.name as account: sum(instance_cores) as cores, sum(1) as count): is(instance)"
            let lines = try await core.request(.POST, "/graph/fix/search/aggregate?section=reported", body: query, contentType: "text/plain")
            #expect(lines.status == 200)
            #expect(lines.contentType == "application/x-ndjson")
            let rows = try Self.lines(lines)
            #expect(rows.count == 1)
            #expect(rows.first?["group"]?["account"] == "Example Account")
            #expect(rows.first?["cores"]?.doubleValue == 6)
            #expect(rows.first?["count"]?.doubleValue == 2)
            let array = try await core.client().request(
                .POST, "/graph/fix/search/aggregate?section=reported", body: query, contentType: "text/plain", headers: [("Accept", "application/json")])
            #expect(array.contentType == "application/json")
            #expect(try array.json() == .array(rows))
        }
    }
}
