import AsyncHTTPClient
import Foundation
import RotaMetrics
import RotaModel
import RotaTestSupport
import RotaWorker
import Testing

/// The metrics exporter against a real core and worker: what `/metrics` shows after a
/// generation, and that it is served from the cache.
@Suite struct MetricsExporterTests {
    /// Runs an exporter on a free port while `body` runs; `body` gets the exporter and a scrape.
    private func withExporter<T>(of core: TestCore, _ body: (MetricsExporter, @escaping @Sendable () async throws -> (String, String?)) async throws -> T) async throws -> T {
        let exporter = MetricsExporter(connection: core.connection, port: 0, logger: testLogger("rota.test.metrics"))
        return try await withRunning(exporter, ready: { await exporter.waitUntilConnected() }) {
            let port = try await exporter.port()
            return try await body(exporter) {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
                #expect(response.status == .ok)
                let body = try await response.body.collect(upTo: 1 << 20)
                return (String(buffer: body), response.headers.first(name: "Content-Type"))
            }
        }
    }

    @Test func metricsShowTheInventoryAndTwoScrapesAreIdentical() async throws {
        try await withCore { core in
            try await withWorker([ExampleCollector()], of: core, cleanupExpired: true) {
                try await withExporter(of: core) { exporter, scrape in
                    let (before, contentType) = try await scrape()
                    #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
                    #expect(before.contains("# TYPE rota_resources_total gauge\n"))
                    #expect(!before.contains("rota_resources_total{"))
                    #expect(exporter.generated == nil)

                    let (run, log) = try await core.completedRun("collect")
                    #expect(run["errors"] == 0)
                    #expect(messages(log, level: "info").contains { $0.hasPrefix("generated 7 metrics") })
                    let (first, _) = try await scrape()
                    let (second, _) = try await scrape()
                    #expect(first == second)

                    let lines = Set(first.split(separator: "\n").map(String.init))
                    let expected = [
                        "# HELP rota_resources_total Resources in the inventory, by cloud, account, region and kind.",
                        "# TYPE rota_resources_total gauge",
                        #"rota_resources_total{cloud="example",account="prod",region="eu-1",kind="instance"} 1"#,
                        #"rota_resources_total{cloud="example",account="prod",region="ap-1",kind="bucket"} 1"#,
                        #"rota_resources_total{cloud="example",account="dev",region="us-1",kind="volume"} 1"#,
                        #"rota_instance_cores_total{cloud="example",account="dev",region="eu-1"} 16"#,
                        #"rota_instance_cores_total{cloud="example",account="prod",region="us-1"} 8"#,
                        #"rota_instance_memory_bytes{cloud="example",account="prod",region="us-1"} 68719476736"#,
                        #"rota_volume_size_bytes{cloud="example",account="prod",region="us-1"} 536870912000"#,
                        #"rota_resources_expired_total{cloud="example",account="dev",region="eu-1",kind="bucket"} 1"#,
                        #"rota_resources_expired_total{cloud="example",account="dev",region="eu-1",kind="instance"} 1"#,
                        #"rota_resources_expired_total{cloud="example",account="dev",region="eu-1",kind="volume"} 1"#,
                        #"rota_resources_expired_total{cloud="example",account="prod",region="us-1",kind="instance"} 1"#,
                        "# TYPE rota_resources_marked_for_cleanup_total gauge",
                        "# TYPE rota_metrics_generated_timestamp_seconds gauge",
                    ]
                    for line in expected { #expect(lines.contains(line), "missing: \(line)") }
                    let total = first.split(separator: "\n").filter { $0.hasPrefix("rota_resources_total{") }
                        .compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
                    #expect(total == 15)
                    #expect(!first.contains("rota_resources_marked_for_cleanup_total{"))
                    let generated = try #require(exporter.generated)
                    #expect(lines.contains { $0.hasPrefix("rota_metrics_generated_timestamp_seconds ") })
                    #expect(abs(generated.timeIntervalSinceNow) < 60)

                    try await core.protect("example:prod:instance:db-legacy")
                    _ = try await core.completedRun("cleanup")
                    let (afterCleanup, _) = try await scrape()
                    #expect(afterCleanup != first)
                    #expect(afterCleanup.contains(#"rota_resources_marked_for_cleanup_total{cloud="example",account="dev",region="eu-1",kind="volume"} 1"#))
                    #expect(afterCleanup.contains(#"rota_resources_marked_for_cleanup_total{cloud="example",account="prod",region="us-1",kind="instance"} 1"#) == false)
                }
            }
        }
    }

    @Test func theWorkerAndTheExporterSignTheirRequestsForACoreWithAKey() async throws {
        try await withCore(psk: "a shared secret") { core in
            #expect(try await core.client(signed: false).request(.GET, "/resources").status == 401)
            try await withWorker([ExampleCollector()], of: core, cleanupExpired: true) {
                try await withExporter(of: core) { _, scrape in
                    let (run, log) = try await core.completedRun("collect_and_cleanup")
                    #expect(run["errors"] == 0, "\(log)")
                    #expect(try await core.resources("cloud=example").count == 15)
                    #expect(try await core.resources("clean=true").count == 4)
                    let (text, _) = try await scrape()
                    #expect(text.contains(#"rota_resources_total{cloud="example",account="prod",region="us-1",kind="volume"} 1"#))
                }
            }
        }
    }

    @Test func scrapesAreServedFromTheCacheWithoutTheCore() async throws {
        try await TestCore.with { core in
            try await withWorker([ExampleCollector()], of: core) {
                try await withExporter(of: core) { _, scrape in
                    _ = try await core.completedRun("collect")
                    let (withCore, _) = try await scrape()
                    await core.stop()
                    let (withoutCore, _) = try await scrape()
                    #expect(withoutCore == withCore)
                    #expect(withoutCore.contains(#"rota_resources_total{cloud="example",account="dev",region="ap-1",kind="instance"} 1"#))
                }
            }
        }
    }
}
