import Foundation
import RotaCore
import RotaTestSupport
import Testing

/// `open_metrics`: on a core with a pre-shared key, `/metrics` and `/system/ready` answer without
/// a token when it is on, and only then; everything else still needs one.
@Suite("Open metrics")
struct OpenMetricsTests {
    static let psk = "correct horse battery staple"

    @Test func withOpenMetricsAScraperReadsMetricsAndReadinessWithoutAToken() async throws {
        try await TestCore.with(psk: Self.psk, configure: { $0.openMetrics = true }) { core in
            let unsigned = core.client(signed: false)
            let metrics = try await unsigned.request(.GET, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("# TYPE rota_core_"))
            #expect(try await unsigned.request(.GET, "/system/ready").status == 200)
            #expect(try await unsigned.request(.GET, "/system/ping").status == 200)
            for path in ["/workflows", "/tasks", "/subscribers", "/resources", "/audit", "/system/set-aside", "/metrics/", "/metrics2"] {
                #expect(try await unsigned.request(.GET, path).status == 401, "\(path)")
            }
            #expect(try await unsigned.request(.POST, "/workflows/collect/run").status == 401)
            #expect(try await RawHTTP.upgrade(port: core.port, path: "/events").status == 401)
        }
    }

    @Test func withoutOpenMetricsTheMetricsNeedAToken() async throws {
        try await TestCore.with(psk: Self.psk, configure: { $0.openMetrics = false }) { (core: TestCore) async throws in
            let unsigned = core.client(signed: false)
            #expect(try await unsigned.request(.GET, "/metrics").status == 401)
            #expect(try await unsigned.request(.GET, "/system/ready").status == 401)
            #expect(try await core.request(.GET, "/metrics").status == 200)
        }
    }

    @Test func openMetricsIsOffUnlessSetAndReadFromEachSource() throws {
        #expect(try CoreConfiguration.resolve(flags: [:], environment: [:], file: nil).openMetrics == false)
        #expect(try CoreConfiguration.resolve(flags: ["open_metrics": "true"], environment: [:], file: nil).openMetrics)
        #expect(try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_OPEN_METRICS": "TRUE"], file: nil).openMetrics)
        #expect(try CoreConfiguration.resolve(flags: [:], environment: [:], file: ("rota.yaml", "open_metrics: true\n")).openMetrics)
        #expect(try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_OPEN_METRICS": "false"], file: ("rota.yaml", "open_metrics: true\n")).openMetrics == false)
        #expect {
            try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_OPEN_METRICS": "yes please"], file: nil)
        } throws: { error in
            "\(error)" == #"ROTA_OPEN_METRICS: "yes please" must be true or false"#
        }
    }
}
