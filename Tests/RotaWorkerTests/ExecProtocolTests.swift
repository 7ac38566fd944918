import Foundation
import RotaModel
import Testing

@testable import RotaWorker

@Suite("exec protocol")
struct ExecProtocolTests {
    @Test func aResourceLineKeepsEveryField() throws {
        let line = #"""
            {"id": "i-1", "kind": "instance", "name": "web", "cloud": "c", "account": "a", "region": "r",
             "parent": "p", "tags": {"owner": "bob"}, "ctime": "2026-03-01T12:00:00.250+01:00",
             "attributes": {"instance_cores": 4, "up": true, "zones": ["a", "b"]}, "extra": "ignored"}
            """#.replacingOccurrences(of: "\n", with: " ")
        let expected = Resource(
            id: "i-1", kind: "instance", name: "web", cloud: "c", account: "a", region: "r", parent: "p",
            tags: ["owner": "bob"], ctime: Date(timeIntervalSince1970: 1_772_362_800.25),
            attributes: ["instance_cores": 4, "up": true, "zones": ["a", "b"]])
        #expect(try ExecResourceLine.decode(line, using: JSONDecoder()) == .resource(expected))
    }

    @Test func theNameDefaultsToTheID() throws {
        let line = #"{"id": "i-1", "kind": "instance", "cloud": "c", "account": "a"}"#
        #expect(
            try ExecResourceLine.decode(line, using: JSONDecoder())
                == .resource(Resource(id: "i-1", kind: "instance", cloud: "c", account: "a")))
    }

    @Test func aLineWithoutIDAndKindNamesAnEmptyAccount() throws {
        #expect(
            try ExecResourceLine.decode(#"{"cloud": "c", "account": "a"}"#, using: JSONDecoder())
                == .emptyAccount(cloud: "c", account: "a"))
    }

    @Test func encodingAndDecodingGiveTheSameResource() throws {
        let resource = Resource(
            id: "i/1", kind: "instance", cloud: "c", account: "a", tags: ["k": "v"],
            ctime: Date(timeIntervalSince1970: 1_700_000_000), attributes: ["n": 1, "d": 2.5, "s": "x", "z": nil])
        let line = String(decoding: try ExecResourceLine.encode(resource), as: UTF8.self)
        #expect(!line.contains("\n"))
        #expect(line.contains(#""ctime":"2023-11-14T22:13:20Z""#))
        #expect(try ExecResourceLine.decode(line, using: JSONDecoder()) == .resource(resource))
    }

    @Test func outputGroupsResourcesByCloudAndAccountInOrderOfAppearance() {
        var output = ExecOutput()
        for (number, line) in [
            #"{"id": "1", "kind": "k", "cloud": "c", "account": "b"}"#,
            "",
            #"{"id": "2", "kind": "k", "cloud": "c", "account": "a"}"#,
            #"{"cloud": "d", "account": "a"}"#,
            #"{"id": "3", "kind": "k", "cloud": "c", "account": "b"}"#,
        ].enumerated() {
            output.read(line, number: number + 1)
        }
        #expect(output.failure == nil)
        #expect(output.snapshots.map { [$0.cloud, $0.account] } == [["c", "b"], ["c", "a"], ["d", "a"]])
        #expect(output.snapshots.map { $0.resources.map(\.id) } == [["1", "3"], ["2"], []])
    }
}
