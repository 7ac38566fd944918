import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("The resource inventory through the REST API")
struct ResourceAPITests {
    static func line(_ id: String, kind: String = "instance", region: String = "eu-1", tags: [String: String] = [:], attributes: JSONValue = [:]) -> String {
        let resource: JSONValue = [
            "id": .string(id), "kind": .string(kind), "region": .string(region), "ctime": "2026-01-01T00:00:00Z",
            "tags": .object(tags.mapValues(JSONValue.string)), "attributes": attributes,
        ]
        return String(decoding: try! JSONEncoder().encode(resource), as: UTF8.self)
    }

    static func merge(_ lines: [String], into core: TestCore, account: String = "prod") async throws -> APIResponse {
        try await core.request(.POST, "/resources/merge?cloud=test&account=\(account)", body: lines.joined(separator: "\n") + "\n", contentType: "application/x-ndjson")
    }

    static func ids(_ response: APIResponse) throws -> [String] {
        try response.json()["resources"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func mergedResourcesAreQueryableAndASecondMergeRemovesWhatIsGone() async throws {
        try await TestCore.with { core in
            let first = try await Self.merge([Self.line("a"), Self.line("b", kind: "volume"), Self.line("c", region: "us-1")], into: core)
            #expect(first.status == 200)
            #expect(try first.json()["added"] == 3)
            #expect(try Self.ids(await core.request(.GET, "/resources")) == ["a", "b", "c"])
            #expect(try Self.ids(await core.request(.GET, "/resources?kind=instance&region=eu-1")) == ["a"])
            let page = try await core.request(.GET, "/resources?limit=2").json()
            #expect(page["resources"]?.arrayValue?.count == 2)
            #expect(try Self.ids(await core.request(.GET, "/resources?after=\(page["next"]?.stringValue ?? "")")) == ["c"])
            let second = try await Self.merge([Self.line("a"), Self.line("c", region: "us-1")], into: core)
            #expect(try second.json()["removed"] == 1)
            #expect(try Self.ids(await core.request(.GET, "/resources")) == ["a", "c"])
            #expect(try await core.request(.GET, "/resources/b").status == 404)
            #expect(try await core.request(.GET, "/resources/a").json()["metadata"]?["protected"] == false)
        }
    }

    @Test func malformedLineRejectsTheMergeNamingTheLineAndChangesNothing() async throws {
        try await TestCore.with { core in
            _ = try await Self.merge([Self.line("a")], into: core)
            let broken = try await Self.merge([Self.line("a"), Self.line("b"), "{\"id\": \"c\", \"kind\": 3}"], into: core)
            #expect(broken.status == 400)
            let error = try broken.json()
            #expect(error["error"] == "invalid_resource")
            #expect(error["message"]?.stringValue?.contains("line 3") == true)
            #expect(try Self.ids(await core.request(.GET, "/resources")) == ["a"])
            #expect(try await core.request(.POST, "/resources/merge?cloud=test", body: "", contentType: "application/x-ndjson").status == 400)
        }
    }

    @Test func cleanMarksNeverProtectedResourcesAndDeletionsAreRecorded() async throws {
        try await TestCore.with { core in
            let expired = ["rota:expires": "2026-02-01T00:00:00Z"]
            _ = try await Self.merge([Self.line("old", tags: expired), Self.line("kept", tags: expired), Self.line("new")], into: core)
            #expect(try await core.request(.PATCH, "/resources/kept", json: ["protected": true]).json()["metadata"]?["protected"] == true)
            #expect(try Self.ids(await core.request(.GET, "/resources?expired=true")) == ["kept", "old"])
            let marked = try await core.request(.POST, "/resources/clean", json: ["filter": ["expired": true], "reason": "expired"]).json()
            #expect(marked["marked"] == ["old"])
            let byId = try await core.request(.POST, "/resources/clean", json: ["ids": ["kept", "new"], "reason": "by hand"]).json()
            #expect(byId["marked"] == ["new"])
            #expect(try Self.ids(await core.request(.GET, "/resources?clean=true")) == ["new", "old"])
            let recorded = try await core.request(.POST, "/resources/cleaned", json: ["ids": ["old"]]).json()
            #expect(recorded["recorded"] == ["old"])
            #expect(try Self.ids(await core.request(.GET, "/resources?cleaned=true")) == ["old"])
            #expect(try await core.request(.POST, "/resources/clean", json: ["ids": ["x"]]).status == 400)
        }
    }

    @Test func aggregatesGroupAndSumAttributes() async throws {
        try await TestCore.with { core in
            _ = try await Self.merge(
                [Self.line("a", attributes: ["instance_cores": 4]), Self.line("b", attributes: ["instance_cores": 8]),
                 Self.line("c", kind: "volume", attributes: ["volume_size": 100])], into: core)
            let rows = try await core.request(
                .POST, "/resources/aggregate", json: ["group_by": ["kind"], "metrics": ["count", "sum(instance_cores)"]]).json().arrayValue ?? []
            let instances = try #require(rows.first { $0["group"]?["kind"] == "instance" })
            #expect(instances["values"]?["count"] == 2)
            #expect(instances["values"]?["sum(instance_cores)"] == 12)
            let bad = try await core.request(.POST, "/resources/aggregate", json: ["group_by": ["colour"]])
            #expect(bad.status == 400)
            #expect(try bad.json()["path"] == "group_by")
        }
    }

    @Test func mergeForARunNotesWhatItStoredInTheRunsLog() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("wf", "collect")]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["collect"])
            let taskId = try await core.run("wf")
            let action = try await actor.nextAction()
            _ = try await core.request(
                .POST, "/resources/merge?cloud=test&account=prod&task=\(taskId)",
                body: Self.line("a", tags: ["rota:expiration": "soonish"]) + "\n", contentType: "application/x-ndjson")
            try actor.done(action)
            _ = try await core.finishedRun(taskId)
            let log = try await core.request(.GET, "/tasks/\(taskId)/log").json().arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(log.contains("stored test/prod: 1 added, 0 updated, 0 unchanged, 0 removed"))
            #expect(log.contains { $0.contains("soonish") })
        }
    }
}
