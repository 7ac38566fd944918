import Foundation
import RotaModel
import RotaTestSupport
import RotaWorker
import Testing

/// The worker's `collect` against a real core: what collectors see ends up in the inventory,
/// what they no longer see leaves it, and one failing collector does not stop the others.
@Suite struct WorkerCollectTests {
    @Test func afterACollectTheExampleAndLocalResourcesAreInTheInventory() async throws {
        try await withCore { core in
            let (run, log) = try await withWorker([ExampleCollector(), LocalCollector()], of: core) {
                try await core.completedRun("collect")
            }
            #expect(run["success"] == true)
            #expect(run["errors"] == 0)

            let example = try await core.resources("cloud=example")
            #expect(example.count == 15)
            let volume = try #require(example["example:dev:volume:build-old-cache"])
            #expect(volume["kind"] == "volume")
            #expect(volume["parent"] == "example:dev:instance:build-old")
            #expect(volume["attributes"]?["volume_size"] == 200)
            #expect(volume["metadata"]?["expires"]?.stringValue != nil)
            #expect(example["example:prod:instance:web-1"]?["attributes"]?["instance_cores"] == 4)

            let local = try await core.resources("cloud=local")
            let hosts = local.values.filter { $0["kind"] == "host" }
            #expect(hosts.count == 1)
            let host = try #require(hosts.first)
            #expect((host["attributes"]?["host_cpus"]?.doubleValue ?? 0) >= 1)
            #expect(local.values.allSatisfy { $0["kind"] == "host" || $0["parent"] == host["id"] })

            let notes = messages(log, level: "info")
            #expect(notes.contains("stored example/prod: 8 added, 0 updated, 0 unchanged, 0 removed"))
            #expect(notes.contains("stored example/dev: 7 added, 0 updated, 0 unchanged, 0 removed"))
        }
    }

    @Test func aWorkerWithACollectActionOfItsOwnCollectsOnlyOnThatAction() async throws {
        try await withCore { core in
            let definition: JSONValue = ["steps": [["name": "collect_example", "action": ["message_type": "collect_example"]]]]
            #expect(try await core.request(.PUT, "/workflows/collect-example", json: definition).status == 201)
            let worker = Worker(
                collectors: [ExampleCollector()], connection: core.connection, settings: WorkerSettings(collectAction: "collect_example"),
                logger: testLogger("rota.test.worker"))
            try await withRunning(worker, ready: { await worker.waitUntilConnected() }) {
                _ = try await core.completedRun("collect")
                #expect(try await core.resources("cloud=example").isEmpty)
                let (run, _) = try await core.completedRun("collect-example")
                #expect(run["success"] == true)
                #expect(try await core.resources("cloud=example").count == 15)
            }
        }
    }

    @Test func theCollectReportsProgressPerCollectorAndAccount() async throws {
        let gate = Gate()
        let slow = TestCollector(
            name: "slow", cloud: "slow", resources: [Resource(id: "slow:a:bucket:b", kind: "bucket", cloud: "slow", account: "a")],
            holdCollectUntil: gate)
        try await withCore { core in
            try await withWorker([slow, ExampleCollector()], of: core) {
                let taskId = try await core.run("collect")
                try await eventually("the example is stored while the slow collector still collects", within: 30) {
                    let leaves = progressLeaves(try await core.request(.GET, "/tasks/\(taskId)").json()["progress_tree"])
                    return leaves.contains(ProgressLeaf(path: ["collect", "example", "prod"], name: "store", current: 1, total: 1))
                        && leaves.contains(ProgressLeaf(path: ["collect", "example", "dev"], name: "store", current: 1, total: 1))
                        && leaves.contains(ProgressLeaf(path: ["collect", "example", "prod"], name: "collect", current: 3, total: 3))
                        && leaves.contains(ProgressLeaf(path: ["collect", "slow"], name: "collect", current: 0, total: 1))
                }
                gate.open()
                let run = try await core.finishedRun(taskId, within: 30)
                #expect(run["success"] == true)
                #expect(try await core.resources("cloud=slow").keys.sorted() == ["slow:a:bucket:b"])
            }
        }
    }

    @Test func aResourceGoneFromItsCloudLeavesTheInventoryAtTheNextCollect() async throws {
        let collector = TestCollector(resources: [
            Resource(id: "test:a:instance:keep", kind: "instance", cloud: "test", account: "a"),
            Resource(id: "test:a:instance:gone", kind: "instance", cloud: "test", account: "a"),
            Resource(id: "test:b:bucket:other", kind: "bucket", cloud: "test", account: "b"),
        ])
        try await withCore { core in
            try await withWorker([collector], of: core) {
                _ = try await core.completedRun("collect")
                #expect(try await core.resources("cloud=test").keys.sorted() == [
                    "test:a:instance:gone", "test:a:instance:keep", "test:b:bucket:other",
                ])

                collector.remove("test:a:instance:gone")
                let (_, log) = try await core.completedRun("collect")
                #expect(try await core.resources("cloud=test").keys.sorted() == ["test:a:instance:keep", "test:b:bucket:other"])
                #expect(try await core.request(.GET, "/resources/test:a:instance:gone").status == 404)
                #expect(messages(log, level: "info").contains("stored test/a: 0 added, 0 updated, 1 unchanged, 1 removed"))
            }
        }
    }

    @Test func aFailingCollectorIsAnErrorOfTheRunWhileTheOthersAreStored() async throws {
        let broken = TestCollector(name: "broken", cloud: "broken", failing: true)
        try await withCore { core in
            let (run, log) = try await withWorker([broken, ExampleCollector()], of: core) {
                try await core.completedRun("collect")
            }
            #expect(run["errors"] == 1)
            let errors = messages(log, level: "error")
            #expect(errors == ["broken: the test cloud cannot be reached"])
            #expect(log.first { $0["level"] == "error" }?["subscriber_id"] == .string(WorkerSettings.defaultID))
            #expect(try await core.resources("cloud=example").count == 15)
            #expect(try await core.resources("cloud=broken").isEmpty)
        }
    }
}
