import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Fix Inventory 4.2.0's own worker, with its example collector plugin, and its metrics exporter
/// run against Rota unchanged: the worker collects into Rota's inventory and deletes what Rota
/// marked, and the exporter serves its default metrics from Rota's store.
@Suite("Fix Inventory's worker and metrics exporter run against Rota")
struct FixInventoryCompatibilityTests {
    /// The worker's options for the example plugin, with deletion on.
    static let workerOverrides = ["fixworker.collector=example", "fixworker.cleanup=true", "fixworker.cleanup_dry_run=false"]

    @Test func workerCollectsAndCleansUpAndExporterServesTheDefaultMetrics() async throws {
        let python = try await FixInventoryPython.prepare()
        try await TestCore.with { core in
            let workerPort = try freeLoopbackPort()
            let exporterPort = try freeLoopbackPort()
            try await python.runningWorker(coreURL: core.baseURL, webPort: workerPort, overrides: Self.workerOverrides) { worker in
                try await python.runningExporter(coreURL: core.baseURL, webPort: exporterPort) { exporter in
                    let logs = { "fixworker's log:\n\(worker.output)\nfixmetrics' log:\n\(exporter.output)" }
                    do {
                        try await Self.collectCleanUpAndExport(core: core, exporterPort: exporterPort, worker: worker)
                    } catch {
                        Issue.record("\(error)\n\(logs())")
                        return
                    }
                    let failures = FixInventoryPython.failureLines(in: worker.output) + FixInventoryPython.failureLines(in: exporter.output)
                    #expect(failures.isEmpty, "\(logs())")
                }
            }
        }
    }

    /// The steps a user of the real worker and exporter goes through, each checked against
    /// Rota's store.
    private static func collectCleanUpAndExport(core: TestCore, exporterPort: Int, worker: BackgroundProcess) async throws {
        let api = core.client()
        try await api.waitUntilSubscribed(FixInventoryPython.workerSubscriber, count: 2, within: 180)
        try await api.waitUntilSubscribed(FixInventoryPython.exporterSubscriber, count: 1, within: 180)

        let collect = try await core.finishedRun(try await core.run("collect"), within: 300)
        #expect(collect["success"] == true, "collect: \(collect)")
        let collected = try await core.resources("cloud=example")
        let instance = try #require(collected.values.first { $0["name"] == "someInstance1" }, "someInstance1 was not collected: \(collected)")
        #expect(instance["kind"] == "example_instance")
        #expect(instance["account"] == "Example Account")
        #expect(instance["region"] == "us-west")
        try expectReportedWhole(instance)

        let marking = try await core.request(
            .POST, "/resources/clean", json: ["filter": ["cloud": "example", "expired": true], "reason": "expired in the example cloud"])
        #expect(marking.status == 200, "\(marking.text)")
        let marked = try marking.json()["marked"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let expired = try #require(collected.values.first { $0["name"] == "someInstance2" }, "someInstance2 was not collected")
        #expect(marked == [expired["id"]?.stringValue].compactMap { $0 }, "marked: \(marked)")

        let cleanup = try await core.finishedRun(try await core.run("cleanup"), within: 300)
        #expect(cleanup["success"] == true, "cleanup: \(cleanup)")
        #expect(worker.output.contains("Successfully cleaned up"))
        let cleaned = try await core.resources("cloud=example&cleaned=true")
        #expect(Array(cleaned.keys) == [expired["id"]?.stringValue].compactMap { $0 })

        let store = try await core.resources("cloud=example")
        let served = try await metrics(from: exporterPort)
        for family in FixInventoryMetricFamily.ofTheExampleData {
            let expected = family.samples(from: Array(store.values))
            #expect(!expected.isEmpty, "the store holds nothing for \(family.name)")
            #expect(served[family.name] == expected, "\(family.name): served \(served[family.name] ?? [:]), the store says \(expected)")
        }
    }

    /// Checks that the node keeps every attribute the example plugin reports for it.
    private static func expectReportedWhole(_ resource: JSONValue) throws {
        let reported = try #require(resource["attributes"]?.objectValue, "no attributes: \(resource)")
        #expect(reported["instance_cores"]?.doubleValue == 4)
        #expect(reported["instance_memory"]?.doubleValue == 32)
        #expect(reported["instance_status"] == "running")
        #expect(reported["instance_type"] == "")
        #expect(reported["tags"]?["owner"] == "lukas")
    }

    /// The exporter's samples by family, as its `/metrics` serves them now.
    private static func metrics(from port: Int) async throws -> [String: [[String: String]: Double]] {
        let response = try await CoreClient(port: port).request(.GET, "/metrics")
        #expect(response.status == 200)
        return FixInventoryMetricsText.parse(response.text)
    }
}
