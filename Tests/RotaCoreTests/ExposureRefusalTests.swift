import Foundation
import Logging
import RotaCore
import RotaTestSupport
import Testing

/// A core that would listen beyond this machine without a pre-shared key or without TLS refuses
/// to start and says what to add; `insecure` starts it anyway, with a warning at start and every
/// hour.
@Suite("Exposure refusal")
struct ExposureRefusalTests {
    private func settings(bind: String, psk: String? = nil, insecure: Bool = false) -> CoreSettings {
        var settings = CoreSettings()
        settings.port = 0
        settings.bindAddress = bind
        settings.psk = psk
        settings.insecure = insecure
        settings.databasePath = FileManager.default.temporaryDirectory.appendingPathComponent("rota-exposure-\(UUID().uuidString)/rota.db").path
        return settings
    }

    @Test func everyInterfaceWithoutKeyOrTLSIsRefusedNamingBoth() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await Core.open(settings: settings(bind: "0.0.0.0"), logger: testLogger("exposure"))
        }
        let message = try #require(error).message
        #expect(message.contains("0.0.0.0"))
        #expect(message.contains("--psk"))
        #expect(message.contains("--tls-cert"))
        #expect(message.contains("--insecure"))
    }

    @Test func aKeyWithoutTLSIsStillRefusedNamingTLSOnly() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await Core.open(settings: settings(bind: "10.1.2.3", psk: "a long secret"), logger: testLogger("exposure"))
        }
        let message = try #require(error).message
        #expect(message.contains("--tls-cert"))
        #expect(!message.contains("--psk"))
        #expect(!message.contains("a long secret"))
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
    func loopbackAddressesNeedNeither(address: String) {
        #expect(settings(bind: address).exposureRefusal == nil)
    }

    @Test(arguments: ["0.0.0.0", "::", "192.168.1.10", "core.example.com"])
    func otherAddressesAreExposed(address: String) {
        #expect(settings(bind: address).exposureRefusal != nil)
    }

    @Test func insecureStartsWithAWarningAtStartAndEveryHour() async throws {
        let recorder = LogRecorder()
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
        let core = try await Core.open(
            settings: settings(bind: "0.0.0.0", insecure: true), clock: clock, logger: recorder.logger(level: .warning))
        try await core.serving { _ in
            let warnings = { recorder.lines(at: .warning).filter { $0.hasPrefix("insecure:") } }
            try await eventually("the warning at start") { warnings().count == 1 }
            #expect(warnings()[0].contains("without a pre-shared key"))
            #expect(warnings()[0].contains("without") && warnings()[0].contains("TLS"))
            clock.advance(by: 3599)
            #expect(warnings().count == 1)
            try await eventually("the warning an hour later") {
                clock.advance(by: 60)
                return warnings().count >= 2
            }
        }
    }

    @Test func theEnvironmentAndTheFileCanSetInsecure() throws {
        let fromEnvironment = try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_INSECURE": "true", "ROTA_BIND": "0.0.0.0"], file: nil)
        #expect(fromEnvironment.insecure && fromEnvironment.exposureRefusal == nil)
        let fromFile = try CoreConfiguration.resolve(flags: [:], environment: [:], file: ("rota.yaml", "bind: 0.0.0.0\ninsecure: true\n"))
        #expect(fromFile.insecure)
        #expect(throws: ConfigurationError.self) {
            _ = try CoreConfiguration.resolve(flags: ["insecure": "maybe"], environment: [:], file: nil)
        }
    }

    @Test func aCertificateWithoutItsKeyIsRefused() {
        #expect(throws: ConfigurationError.self) {
            _ = try CoreConfiguration.resolve(flags: ["tls_cert": "/etc/rota/core.pem"], environment: [:], file: nil)
        }
        #expect(throws: ConfigurationError.self) {
            _ = try CoreConfiguration.resolve(flags: ["tls_client_ca": "/etc/rota/ca.pem"], environment: [:], file: nil)
        }
    }
}
