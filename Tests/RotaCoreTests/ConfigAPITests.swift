import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaModel
import RotaTestSupport
import Testing

/// The configuration store as Fix Inventory's actors use it: a configuration is stored with a
/// revision that changes with its content, read back in both shapes `fixlib` asks for, listed,
/// deleted, kept across a restart, recorded in the audit trail, and each change reaches the
/// listeners of `config-updated`.
@Suite("Configuration routes")
struct ConfigAPITests {
    /// An answer with the configuration's revision header.
    struct ConfigResponse {
        let status: Int
        let revision: String?
        let body: String

        func json() throws -> JSONValue { try JSONValue(jsonText: body) }
    }

    /// Sends `body` (JSON text) with `method` to `path` and reads the revision header of the answer.
    static func send(_ core: TestCore, _ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> ConfigResponse {
        var request = HTTPClientRequest(url: core.baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 8 << 20)
        return ConfigResponse(
            status: Int(response.status.code), revision: response.headers.first(name: "Fix-Config-Revision"), body: String(buffer: answer))
    }

    /// Stores `config` under `id` and returns the answer.
    static func put(_ core: TestCore, _ id: String, _ config: JSONValue) async throws -> ConfigResponse {
        try await send(core, .PUT, "/config/\(id)", body: config.jsonText)
    }

    static let worker: JSONValue = ["fixworker": ["collector": ["example"], "pool_size": 5]]

    @Test func aMissingConfigurationIsNotFoundSoTheWorkerLoadsItsDefaults() async throws {
        try await TestCore.with { core async throws in
            let answer = try await Self.send(core, .GET, "/config/fix.worker?separate_overrides=true&include_raw_config=true")
            #expect(answer.status == 404)
            #expect(answer.revision == nil)
            #expect(try await core.request(.GET, "/configs").json() == [])
        }
    }

    @Test func aStoredConfigurationIsReadBackInBothShapesWithItsRevision() async throws {
        try await TestCore.with { core async throws in
            let stored = try await Self.put(core, "fix.worker", Self.worker)
            #expect(stored.status == 200)
            #expect(try stored.json() == Self.worker)
            let revision = try #require(stored.revision)
            #expect(!revision.isEmpty)

            let plain = try await Self.send(core, .GET, "/config/fix.worker")
            #expect(plain.status == 200)
            #expect(plain.revision == revision)
            #expect(try plain.json() == Self.worker)

            let query = "separate_overrides=true&apply_overrides=true&resolve_env_vars=true&include_raw_config=true"
            let separate = try await Self.send(core, .GET, "/config/fix.worker?\(query)")
            #expect(separate.revision == revision)
            #expect(try separate.json() == ["config": Self.worker, "overrides": nil, "raw_config": Self.worker])

            let withoutRaw = try await Self.send(core, .GET, "/config/fix.worker?separate_overrides=True")
            #expect(try withoutRaw.json() == ["config": Self.worker, "overrides": nil])
        }
    }

    @Test func anUnchangedBodyKeepsItsRevisionAndAChangedOneGetsANewOne() async throws {
        try await TestCore.with { core async throws in
            let first = try #require(try await Self.put(core, "fix.worker", Self.worker).revision)
            let reordered = try JSONValue(jsonText: #"{"fixworker": {"pool_size": 5, "collector": ["example"]}}"#)
            #expect(try await Self.put(core, "fix.worker", reordered).revision == first)
            let changed = try #require(try await Self.put(core, "fix.worker", ["fixworker": ["collector": ["aws"], "pool_size": 5]]).revision)
            #expect(changed != first)
            #expect(try await Self.send(core, .GET, "/config/fix.worker").revision == changed)
        }
    }

    @Test func configurationsAreListedAndADeletedOneIsGone() async throws {
        try await TestCore.with { core async throws in
            _ = try await Self.put(core, "fix.worker", Self.worker)
            _ = try await Self.put(core, "fix.metrics", ["fixmetrics": ["web_port": 9955]])
            #expect(try await core.request(.GET, "/configs").json() == ["fix.metrics", "fix.worker"])
            #expect(try await core.request(.DELETE, "/config/fix.metrics").status == 204)
            #expect(try await core.request(.DELETE, "/config/fix.metrics").status == 204)
            #expect(try await core.request(.GET, "/config/fix.metrics").status == 404)
            #expect(try await core.request(.GET, "/configs").json() == ["fix.worker"])
        }
    }

    @Test func theConfigurationModelIsAcceptedAndAnythingButAListIsRefused() async throws {
        try await TestCore.with { core async throws in
            let model: JSONValue = [["fqn": "fixworker", "bases": [], "properties": [["name": "collector", "kind": "string[]"]]]]
            let accepted = try await core.request(.PATCH, "/configs/model", json: model)
            #expect(accepted.status == 200)
            #expect(try accepted.json() == [])
            #expect(try await core.request(.PATCH, "/configs/model", json: ["fqn": "fixworker"]).status == 400)
            #expect(try await core.request(.PATCH, "/configs/model", body: "[{", contentType: "application/json").status == 400)
        }
    }

    @Test func configurationsSurviveARestartOfTheCore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-config-\(UUID().uuidString)")
        let revision = try await TestCore.with(directory: directory) { core async throws in
            try #require(try await Self.put(core, "fix.worker", Self.worker).revision)
        }
        try await TestCore.with(directory: directory) { core async throws in
            let read = try await Self.send(core, .GET, "/config/fix.worker")
            #expect(read.status == 200)
            #expect(read.revision == revision)
            #expect(try read.json() == Self.worker)
            #expect(try await core.request(.GET, "/configs").json() == ["fix.worker"])
        }
    }

    @Test func changesAreRecordedInTheAuditTrailButAnUnchangedBodyIsNot() async throws {
        try await TestCore.with { core async throws in
            let first = try #require(try await Self.put(core, "fix.worker", Self.worker).revision)
            _ = try await Self.put(core, "fix.worker", Self.worker)
            let second = try #require(try await Self.put(core, "fix.worker", ["fixworker": ["pool_size": 1]]).revision)
            #expect(try await core.request(.DELETE, "/config/fix.worker").status == 204)
            let entries = try await AuditTrailTests.entries(core, "?kind=config")
            try #require(AuditTrailTests.summary(entries) == ["config created fix.worker", "config replaced fix.worker", "config deleted fix.worker"])
            #expect(entries[2]["change"] == ["revision": .string(first)])
            #expect(entries[1]["change"] == ["revision": .string(second), "previous_revision": .string(first)])
        }
    }

    @Test func aChangeReachesTheListenersOfConfigUpdatedAndAnUnchangedBodyDoesNot() async throws {
        try await TestCore.with { core async throws in
            let listener = try await TestActor.events(port: core.port, show: ["config-updated", "config-deleted", "listening"])
            listener.sendText(Message.event(Event(messageType: "listening")).jsonText)
            _ = try await listener.nextEvent("listening")

            let first = try #require(try await Self.put(core, "fix.worker", Self.worker).revision)
            let updated = try await listener.nextEvent("config-updated")
            #expect(updated.data == ["id": "fix.worker", "revision": .string(first)])

            _ = try await Self.put(core, "fix.worker", Self.worker)
            let second = try #require(try await Self.put(core, "fix.worker", ["fixworker": ["pool_size": 1]]).revision)
            let next = try await listener.next()
            #expect(next == .event(Event(messageType: "config-updated", data: ["id": "fix.worker", "revision": .string(second)])))

            #expect(try await core.request(.DELETE, "/config/fix.worker").status == 204)
            #expect(try await listener.nextEvent("config-deleted").data == ["id": "fix.worker"])
            await listener.close()
        }
    }

    @Test func aConfigurationChangeStartsAWorkflowOnlyAsAnyEventOfItsTypeWould() async throws {
        let triggered = TestWorkflows.single(
            "on_config", "never_performed", triggers: [.event(messageType: "config-updated", filter: ["id": "fix.metrics"])])
        try await TestCore.with(workflows: [triggered]) { core async throws in
            _ = try await Self.put(core, "fix.worker", Self.worker)
            _ = try await Self.put(core, "fix.metrics", ["fixmetrics": ["web_port": 9955]])
            // Its one step has no subscriber, so a run of it ends at once and is found in the history.
            try await eventually("the workflow triggered by config-updated of fix.metrics to run") {
                try await core.request(.GET, "/history?workflow=on_config").json().arrayValue?.isEmpty == false
            }
            // The core takes events in order: the change of fix.worker was taken before, and started nothing.
            let runs = try await core.request(.GET, "/history").json().arrayValue ?? []
            #expect(runs.map { $0["workflow"] } == ["on_config"])
        }
    }
}
