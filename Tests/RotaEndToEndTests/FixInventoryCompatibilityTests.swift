import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Fix Inventory 4.2.0's own worker, with its example collector plugin, and its metrics exporter
/// run against Rota unchanged: the worker collects into Rota's inventory and deletes what Rota
/// marked, and the exporter serves its default metrics from Rota's store. The tests run one
/// after the other: each starts a worker and an exporter, a handful of Python processes, and
/// the rest of the suite shares the machine.
@Suite("Fix Inventory's worker and metrics exporter run against Rota", .serialized)
struct FixInventoryCompatibilityTests {
    /// The worker's options for the example plugin, with deletion on.
    static let workerOverrides = ["fixworker.collector=example", "fixworker.cleanup=true", "fixworker.cleanup_dry_run=false"]

    /// What the worker logs once the example plugin has deleted the expired instance.
    static let deletionLog = "Successfully cleaned up example_instance someInstance2"

    /// The default workflows `collect` and `cleanup`, with the expired resources marked through
    /// the REST API in between, as a user marks them.
    @Test func workerCollectsAndCleansUpAndExporterServesTheDefaultMetrics() async throws {
        try await Self.withWorkerAndExporter { core, actors in
            let collect = try await core.finishedRun(try await core.run("collect"), within: 300)
            #expect(collect["success"] == true, "collect: \(collect)\n\(actors.logs)")
            let collected = try await core.resources("cloud=example")
            let instance = try Self.resource(named: "someInstance1", in: collected)
            #expect(instance["kind"] == "example_instance")
            #expect(instance["account"] == "Example Account")
            #expect(instance["region"] == "us-west")
            try Self.expectReportedWhole(instance)
            try await Self.expectServed(by: actors, matching: core)
            let instances = try await actors.defaultMetricFamilies()["fix_instances_total"]
            let running = ["cloud": "example", "account": "Example Account", "region": "US West", "type": "", "status": "running"]
            #expect(instances?[running] == 1, "labelled with the ancestors' names, as Fix Inventory does: \(instances ?? [:])")
            try await Self.expectAnswered(actors.defaultMetrics, by: core)

            let marking = try await core.request(
                .POST, "/resources/clean", json: ["filter": ["cloud": "example", "expired": true], "reason": "expired in the example cloud"])
            #expect(marking.status == 200, "\(marking.text)")
            let expired = try Self.resource(named: "someInstance2", in: collected)
            #expect(try marking.json()["marked"] == [expired["id"] ?? .null])

            let cleanup = try await core.finishedRun(try await core.run("cleanup"), within: 300)
            #expect(cleanup["success"] == true, "cleanup: \(cleanup)\n\(actors.logs)")
            try await Self.expectDeleted(expired, by: actors, recordedIn: core)
            try await Self.expectServed(by: actors, matching: core)
        }
    }

    /// The workflow `docs/FIX-INVENTORY.md` shows, for the example cloud: a command step marks
    /// what has expired between the worker's collect and its cleanup.
    @Test func aCommandStepPlansTheCleanupThatTheWorkerPerforms() async throws {
        let workflow: JSONValue = [
            "id": "fix-example", "on_surpass": "Wait",
            "steps": [
                ["name": "collect", "action": ["message_type": "collect"], "timeout": 600],
                ["name": "plan_cleanup", "action": ["command": "resources clean cloud=example expired=true --reason expired"]],
                ["name": "cleanup", "action": ["message_type": "cleanup"], "timeout": 600],
                ["name": "generate_metrics", "action": ["message_type": "generate_metrics"], "timeout": 600],
            ],
        ]
        try await Self.withWorkerAndExporter { core, actors in
            let applied = try await core.request(.PUT, "/workflows/fix-example", json: workflow)
            #expect(applied.status == 200 || applied.status == 201, "\(applied.text)")
            let run = try await core.finishedRun(try await core.run("fix-example"), within: 300)
            #expect(run["success"] == true && run["errors"] == 0, "\(run)\n\(actors.logs)")
            let expired = try Self.resource(named: "someInstance2", in: try await core.resources("cloud=example"))
            try await Self.expectDeleted(expired, by: actors, recordedIn: core)
            try await Self.expectServed(by: actors, matching: core)
        }
    }

    /// Runs `body` with a core, and the worker and the exporter subscribed to it; the test fails
    /// with both programs' logs when `body` fails or a log reports an error.
    private static func withWorkerAndExporter(
        _ body: (TestCore, FixInventoryActors) async throws -> Void
    ) async throws {
        let python = try await FixInventoryPython.prepare()
        let defaultMetrics = try await python.defaultMetrics()
        try await TestCore.with { core in
            let workerPort = try freeLoopbackPort()
            let exporterPort = try freeLoopbackPort()
            try await python.runningWorker(coreURL: core.baseURL, webPort: workerPort, overrides: workerOverrides) { worker in
                try await python.runningExporter(coreURL: core.baseURL, webPort: exporterPort) { exporter in
                    let actors = FixInventoryActors(worker: worker, exporter: exporter, exporterPort: exporterPort, defaultMetrics: defaultMetrics)
                    do {
                        let api = core.client()
                        try await api.waitUntilSubscribed(FixInventoryPython.workerSubscriber, count: 2, within: 180)
                        try await api.waitUntilSubscribed(FixInventoryPython.exporterSubscriber, count: 1, within: 180)
                        try await body(core, actors)
                    } catch {
                        Issue.record("\(error)\n\(actors.logs)")
                        return
                    }
                    #expect(actors.failureLines.isEmpty, "\(actors.logs)")
                }
            }
        }
    }

    /// The stored resource whose name is `name`.
    private static func resource(named name: String, in resources: [String: JSONValue]) throws -> JSONValue {
        try #require(resources.values.first { $0["name"]?.stringValue == name }, "no resource \(name) in \(Array(resources.values))")
    }

    /// Checks that the resource keeps every attribute the example plugin reports for it.
    private static func expectReportedWhole(_ resource: JSONValue) throws {
        let reported = try #require(resource["attributes"]?.objectValue, "no attributes: \(resource)")
        #expect(reported["id"] == "someInstance1")
        #expect(reported["instance_cores"]?.doubleValue == 4)
        #expect(reported["instance_memory"]?.doubleValue == 32)
        #expect(reported["instance_status"] == "running")
        #expect(reported["instance_type"] == "")
        #expect(reported["tags"] == ["Name": "Example Instance 1", "expiration": "2d", "owner": "lukas"])
    }

    /// Checks that the plugin deleted `resource` and that Rota recorded it, and no other.
    private static func expectDeleted(_ resource: JSONValue, by actors: FixInventoryActors, recordedIn core: TestCore) async throws {
        #expect(actors.worker.output.contains(deletionLog), "\(actors.logs)")
        let cleaned = try await core.resources("cloud=example&cleaned=true")
        #expect(Array(cleaned.keys) == [resource["id"]?.stringValue].compactMap { $0 }, "\(actors.logs)")
        let recorded = try #require(resource["id"]?.stringValue.flatMap { cleaned[$0] })
        #expect(recorded["metadata"]?["cleaned"]?.stringValue != nil, "\(recorded)")
    }

    /// Checks that the core answers each of the exporter's default searches as the exporter
    /// sends it (to its default graph `fix`).
    private static func expectAnswered(_ searches: [String: String], by core: TestCore) async throws {
        #expect(searches.count == 44)
        for (name, search) in searches.sorted(by: { $0.key < $1.key }) {
            let response = try await core.client().request(
                .POST, "/graph/fix/search/aggregate?section=reported", body: search, contentType: "text/plain",
                headers: [("Accept", "application/x-ndjson")])
            #expect(response.status == 200, "\(name): \(response.status) \(response.text)")
        }
    }

    /// Checks that the exporter serves exactly the default metrics the store's resources have
    /// values for, with the values the store gives.
    private static func expectServed(by actors: FixInventoryActors, matching core: TestCore) async throws {
        let store = Array(try await core.resources("cloud=example").values)
        let served = try await actors.defaultMetricFamilies()
        #expect(Set(served.keys) == Set(FixInventoryMetricFamily.ofTheExampleData.map(\.name)), "\(actors.logs)")
        for family in FixInventoryMetricFamily.ofTheExampleData {
            let expected = family.samples(from: store)
            #expect(!expected.isEmpty, "the store holds nothing for \(family.name)")
            #expect(served[family.name] == expected, "\(family.name): served \(served[family.name] ?? [:]), the store says \(expected)")
        }
    }
}
