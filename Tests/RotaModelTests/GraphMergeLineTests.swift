import Foundation
import RotaModel
import Testing

/// Reading the lines of a graph merge as Fix Inventory's worker sends them: nodes with their
/// sections kept as byte ranges, edges, deferred edges, and refusals that name the line and key.
@Suite("Graph merge lines")
struct GraphMergeLineTests {
    /// someInstance1 as the example collector's worker merged it.
    static let instanceLine = #"""
        {"id": "0jeoEqhN7OMxv1dWmYQohg", "reported": {"id": "someInstance1", "tags": {"Name": "Example Instance 1", "expiration": "2d", "owner": "lukas"}, "name": "someInstance1", "ctime": "2026-12-03T16:30:14Z", "instance_cores": 4, "instance_memory": 32, "instance_type": "", "instance_status": "running", "kind": "example_instance"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleInstance", "categories": ["compute"]}}
        """#
    static let cloudLine = #"""
        {"id": "ZHoSnFpbxxILQHKBxsvVwA", "reported": {"id": "example", "tags": {}, "name": "example", "kind": "cloud"}, "metadata": {"python_type": "fixlib.baseresources.Cloud", "categories": ["management"], "replace": true}}
        """#
    static let deferredLine = #"""
        {"from_selector": {"node_id": "0jeoEqhN7OMxv1dWmYQohg"}, "to_selector": {"search_criteria": "is(instance) and reported.id = someInstance2"}, "edge_type": "default"}
        """#

    /// Reads `text` as line 7 of a merge.
    static func read(_ text: String, readsReported: Bool = true) throws -> GraphMergeLine {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            try GraphLineReader.read(buffer, number: 7, readsReported: readsReported)
        }
    }

    /// The refusal of `text`, or nil when it is read.
    static func refusal(_ text: String, readsReported: Bool = true) -> ResourceMergeError? {
        do {
            _ = try read(text, readsReported: readsReported)
            return nil
        } catch {
            return error as? ResourceMergeError
        }
    }

    static func node(_ text: String, readsReported: Bool = true) throws -> GraphMergeNode {
        guard case .node(let node) = try read(text, readsReported: readsReported) else { throw CocoaError(.coderInvalidValue) }
        return node
    }

    /// The bytes of `text` in `range`, as text.
    static func slice(_ text: String, _ range: Range<Int>?) -> String? {
        range.map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
    }

    @Test func nodeKeepsItsSectionsAsTheBytesTheyWereSentIn() throws {
        let node = try Self.node(Self.instanceLine)
        #expect(node.id == "0jeoEqhN7OMxv1dWmYQohg")
        #expect(node.kind == "example_instance")
        #expect(node.reportedId == "someInstance1")
        #expect(node.name == "someInstance1")
        #expect(node.replace == false)
        #expect(node.reported?["instance_cores"] == 4)
        #expect(node.reported?["tags"]?["owner"] == "lukas")
        let reported = try #require(Self.slice(Self.instanceLine, node.reportedBytes))
        #expect(reported.hasPrefix(#"{"id": "someInstance1", "tags": {"Name""#))
        #expect(reported.hasSuffix(#""instance_status": "running", "kind": "example_instance"}"#))
        #expect(try JSONValue(jsonText: reported) == node.reported)
        #expect(Self.slice(Self.instanceLine, node.metadataBytes) == #"{"python_type": "fix_plugin_example_collector.ExampleInstance", "categories": ["compute"]}"#)
        #expect(node.desiredBytes == nil)
    }

    @Test func skimmedNodeHasTheSameRangesWithoutReadingReported() throws {
        let full = try Self.node(Self.instanceLine)
        let skimmed = try Self.node(Self.instanceLine, readsReported: false)
        #expect(skimmed.reported == nil)
        #expect(skimmed.kind == full.kind)
        #expect(skimmed.reportedId == full.reportedId)
        #expect(skimmed.name == full.name)
        #expect(skimmed.reportedBytes == full.reportedBytes)
        #expect(skimmed.metadataBytes == full.metadataBytes)
    }

    @Test func desiredSectionIsKeptAsItsBytes() throws {
        let line = #"{"id": "n", "desired": {"clean": true}, "reported": {"kind": "instance", "id": "i-1"}}"#
        let node = try Self.node(line)
        #expect(Self.slice(line, node.desiredBytes) == #"{"clean": true}"#)
        #expect(Self.slice(line, node.reportedBytes) == #"{"kind": "instance", "id": "i-1"}"#)
        #expect(node.metadataBytes == nil)
        #expect(node.name == nil)
    }

    @Test func replaceIsReadFromMetadataOnlyWhenTrue() throws {
        #expect(try Self.node(Self.cloudLine).replace)
        #expect(try Self.node(Self.cloudLine, readsReported: false).replace)
        let notTrue = [#""replace": false"#, #""replace": "true""#, #""replace": 1"#, #""other": true"#]
        for member in notTrue {
            #expect(try Self.node(#"{"id": "c", "reported": {"kind": "cloud", "id": "c"}, "metadata": {\#(member)}}"#).replace == false)
        }
    }

    @Test func edgeTypeIsDefaultWhenLeftOut() throws {
        guard case .edge(let plain) = try Self.read(#"{"from": "a", "to": "b"}"#) else { throw CocoaError(.coderInvalidValue) }
        #expect(plain == GraphMergeEdge(from: "a", to: "b", type: "default"))
        guard case .edge(let delete) = try Self.read(#"{"from": "a", "to": "b", "edge_type": "delete"}"#) else {
            throw CocoaError(.coderInvalidValue)
        }
        #expect(delete == GraphMergeEdge(from: "a", to: "b", type: "delete"))
    }

    @Test func deferredEdgeNamesItsEndsByNodeIdOrBySearch() throws {
        guard case .deferredEdge(let edge) = try Self.read(Self.deferredLine) else { throw CocoaError(.coderInvalidValue) }
        #expect(edge.from == .nodeId("0jeoEqhN7OMxv1dWmYQohg"))
        #expect(edge.to == .search("is(instance) and reported.id = someInstance2"))
        #expect(edge.type == "default")
        guard case .deferredEdge(let untyped) = try Self.read(#"{"from_selector": {"search_criteria": "is(volume)"}, "to_selector": {"node_id": "x"}}"#)
        else { throw CocoaError(.coderInvalidValue) }
        #expect(untyped.from == .search("is(volume)"))
        #expect(untyped.to == .nodeId("x"))
        #expect(untyped.type == "default")
    }

    @Test func lineThatIsNotJSONIsRefusedWithItsNumber() throws {
        let error = try #require(Self.refusal(#"{"id": "a", "reported": {"kind": "x", "id": "a"}"#))
        #expect(error.line == 7)
        #expect(error.path == "")
        #expect(error.message.hasPrefix("not JSON"))
        #expect(Self.refusal("[1, 2]")?.message.hasPrefix("not JSON") == true)
    }

    @Test func nodeWithoutReportedOrKindIsRefusedNamingTheKey() {
        #expect(Self.refusal(#"{"id": "a", "metadata": {}}"#)?.path == "reported")
        #expect(Self.refusal(#"{"id": "a", "reported": "text"}"#)?.path == "reported")
        for readsReported in [true, false] {
            #expect(Self.refusal(#"{"id": "a", "reported": {"id": "a"}}"#, readsReported: readsReported)?.path == "reported.kind")
            #expect(Self.refusal(#"{"id": "a", "reported": {"id": "a", "kind": ""}}"#, readsReported: readsReported)?.path == "reported.kind")
            #expect(Self.refusal(#"{"id": "a", "reported": {"id": "a", "kind": 3}}"#, readsReported: readsReported)?.path == "reported.kind")
            #expect(Self.refusal(#"{"id": "a", "reported": {"kind": "x"}}"#, readsReported: readsReported)?.path == "reported.id")
        }
    }

    @Test func idMustBeNonEmptyAndAtMost512Bytes() throws {
        #expect(Self.refusal(#"{"id": "", "reported": {"kind": "x", "id": "a"}}"#) == ResourceMergeError(line: 7, path: "id", message: "must not be empty"))
        let longest = String(repeating: "é", count: GraphLineReader.maximumIdLength / 2)
        #expect(try Self.node(#"{"id": "\#(longest)", "reported": {"kind": "x", "id": "a"}}"#).id == longest)
        #expect(
            Self.refusal(#"{"id": "\#(longest)a", "reported": {"kind": "x", "id": "a"}}"#)
                == ResourceMergeError(line: 7, path: "id", message: "is longer than 512 bytes"))
        #expect(Self.refusal(#"{"from": "\#(longest)a", "to": "b"}"#)?.path == "from")
        #expect(Self.refusal(#"{"from": "a", "to": "b", "edge_type": "\#(longest)a"}"#)?.path == "edge_type")
        #expect(Self.refusal(#"{"id": 12, "reported": {"kind": "x", "id": "a"}}"#)?.path == "id")
        let longKind = String(repeating: "k", count: GraphLineReader.maximumIdLength + 1)
        #expect(Self.refusal(#"{"id": "a", "reported": {"kind": "\#(longKind)", "id": "a"}}"#)?.path == "reported.kind")
    }

    @Test func keyTwiceIsRefused() {
        #expect(
            Self.refusal(#"{"id": "a", "reported": {"kind": "x", "id": "a"}, "id": "b"}"#)
                == ResourceMergeError(line: 7, path: "id", message: "appears twice"))
        #expect(Self.refusal(#"{"from": "a", "to": "b", "to": "c"}"#)?.path == "to")
    }

    @Test func lineThatIsNoneOfTheThreeIsRefused() {
        for line in [#"{}"#, #"{"from": "a"}"#, #"{"to": "b", "edge_type": "default"}"#, #"{"from_selector": {"node_id": "a"}}"#, #"{"name": "x"}"#] {
            let error = Self.refusal(line)
            #expect(error?.path == "", "\(line)")
            #expect(error?.message.contains("neither a node") == true, "\(line)")
        }
    }

    @Test func selectorNeedsExactlyOneOfItsKeys() {
        let both = #"{"from_selector": {"node_id": "a", "search_criteria": "is(x)"}, "to_selector": {"node_id": "b"}}"#
        #expect(Self.refusal(both)?.path == "from_selector")
        let neither = #"{"from_selector": {"node_id": "a"}, "to_selector": {}}"#
        #expect(Self.refusal(neither)?.path == "to_selector")
        let other = #"{"from_selector": {"node_id": "a"}, "to_selector": {"name": "b"}}"#
        #expect(Self.refusal(other)?.path == "to_selector")
        let empty = #"{"from_selector": {"node_id": ""}, "to_selector": {"node_id": "b"}}"#
        #expect(Self.refusal(empty)?.path == "from_selector")
        let notObject = #"{"from_selector": "a", "to_selector": {"node_id": "b"}}"#
        #expect(Self.refusal(notObject)?.path == "from_selector")
    }

    @Test func searchOfADeferredEdgeIsAtMost4096Bytes() throws {
        func line(_ search: String) -> String { #"{"from_selector": {"node_id": "a"}, "to_selector": {"search_criteria": "\#(search)"}}"# }
        let longest = "is(instance) and reported.name = " + String(repeating: "n", count: GraphLineReader.maximumSearchLength - 33)
        #expect(longest.utf8.count == GraphLineReader.maximumSearchLength)
        guard case .deferredEdge(let edge) = try Self.read(line(longest)) else { throw CocoaError(.coderInvalidValue) }
        #expect(edge.to == .search(longest))
        #expect(Self.refusal(line(longest + "n"))?.path == "to_selector")
    }

    @Test func nestingDeeperThan64IsRefusedWithoutCrashing() throws {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        for readsReported in [true, false] {
            for place in ["reported", "metadata", "desired", "extra"] {
                let deep = place == "reported"
                    ? #"{"id": "a", "reported": {"kind": "x", "id": "a", "deep": \#(nested(100_000))}}"#
                    : #"{"id": "a", "reported": {"kind": "x", "id": "a"}, "\#(place)": {"deep": \#(nested(100_000))}}"#
                let error = try #require(Self.refusal(deep, readsReported: readsReported), "\(place)")
                #expect(error.message.contains("nested deeper than 64"), "\(place): \(error)")
            }
        }
        #expect(try Self.node(#"{"id": "a", "reported": {"kind": "x", "id": "a", "deep": \#(nested(60))}}"#).id == "a")
    }
}
