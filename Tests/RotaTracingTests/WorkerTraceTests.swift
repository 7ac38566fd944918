import Foundation
import RotaClient
import RotaMetrics
import RotaModel
import RotaTestSupport
import RotaTracing
import RotaWorker
import Testing

/// Rota's own actors continue the trace: a collect's and a metrics generation's requests to the
/// core sit under the step that asked for them.
@Suite struct WorkerTraceTests {
    @Test func theRequestsOfACollectAndOfAMetricsGenerationSitUnderTheirSteps() async throws {
        let workflow = TestWorkflows.sequence("collect_and_measure", ["collect", "generate_metrics"])
        try await OTLPReceiver().serving { receiver in
            let workerExport = try export(to: receiver, as: "rota-worker")
            let metricsExport = try export(to: receiver, as: "rota-metrics")
            let taskId = try await withExport(workerExport) {
                try await withExport(metricsExport) {
                    try await TestCore.with(workflows: [workflow], configure: { $0.trace(to: receiver.endpoint) }) { core in
                        let worker = Worker(
                            collectors: [ExampleCollector()], connection: core.connection, tracer: workerExport.tracer,
                            logger: testLogger("rota.test.worker"))
                        let metrics = MetricsExporter(connection: core.connection, port: 0, tracer: metricsExport.tracer, logger: testLogger("rota.test.metrics"))
                        return try await withRunning(worker, ready: { await worker.waitUntilConnected() }) {
                            try await withRunning(metrics, ready: { await metrics.waitUntilConnected() }) {
                                let taskId = try await core.run("collect_and_measure")
                                #expect(try await core.finishedRun(taskId)["success"] == true)
                                return taskId
                            }
                        }
                    }
                }
            }
            let spans = try await receiver.waitForSpans("the core's, the worker's and the exporter's spans") { spans in
                spans.ofRun(taskId).count == 5 && spans.contains { $0.service == "rota-worker" } && spans.contains { $0.service == "rota-metrics" }
            }
            let run = try #require(spans.ofRun(taskId).one("run collect_and_measure", under: nil))
            for (step, service) in [("collect", "rota-worker"), ("generate_metrics", "rota-metrics")] {
                let stepSpan = try #require(spans.one("step \(step)", under: run))
                let attempt = try #require(spans.one("attempt 1", under: stepSpan))
                let handling = try #require(spans.one(step, under: attempt), "\(service)'s span of \(step)")
                #expect(handling.service == service)
                let requests = spans.filter { $0.parentSpanId == handling.spanId }
                #expect(!requests.isEmpty, "\(service) made requests to the core under \(step)")
                #expect(requests.allSatisfy { $0.service == service && $0.traceId == run.traceId && $0.int("http.response.status_code") == 200 })
                #expect(requests.allSatisfy { ["GET", "POST", "PUT", "PATCH", "DELETE"].contains($0.name.split(separator: " ").first.map(String.init) ?? "") })
            }
        }
    }
}
