import Foundation
import RotaTestSupport
import Testing

@testable import RotaCore

/// The settings of cores that share a PostgreSQL database: the database URL, the advertised URL,
/// the lease's duration and retry, each with its limits; and the answer of a lone SQLite core.
@Suite struct LeadershipSettingsTests {
    static func resolve(_ flags: [String: String], environment: [String: String] = [:]) throws(ConfigurationError) -> CoreSettings {
        try CoreConfiguration.resolve(flags: flags, environment: environment, file: nil)
    }

    static func refusal(_ flags: [String: String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try resolve(flags, environment: environment)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aPostgresURLIsTheDatabaseFromAFlagTheEnvironmentOrTheFile() throws {
        let url = "postgres://rota:secret@db.example:5432/rota"
        #expect(try Self.resolve(["db": url]).usesPostgres)
        #expect(try Self.resolve([:], environment: ["ROTA_DB": url]).databasePath == url)
        let file = try CoreConfiguration.resolve(flags: [:], environment: [:], file: ("rota.yaml", "db: \(url)\n"))
        #expect(file.usesPostgres)
        #expect(try !Self.resolve(["db": "/var/lib/rota/rota.db"]).usesPostgres)
        let help = try #require(CoreConfiguration.settings.first { $0.key == "db" }?.help)
        #expect(help.contains("SQLite") && help.contains("postgres://"))
    }

    @Test func aBadPostgresURLIsRefusedWithTheProblemAndWithoutThePassword() throws {
        let refusal = try #require(Self.refusal(["db": "postgres://rota:hunter2@db.example:5432/"]))
        #expect(refusal.contains("--db"))
        #expect(refusal.contains("names no database"))
        #expect(!refusal.contains("hunter2"))
        let environment = try #require(Self.refusal([:], environment: ["ROTA_DB": "postgresql://rota:hunter2@db.example/rota?sslmode=always"]))
        #expect(environment.contains("ROTA_DB") && environment.contains("sslmode"))
        #expect(!environment.contains("hunter2"))
    }

    @Test func theLeaseDurationIsBoundedAndDefaultsToSixSeconds() throws {
        #expect(try Self.resolve([:]).leaseDuration == .seconds(6))
        #expect(try Self.resolve(["lease_duration": "10s"]).leaseDuration == .seconds(10))
        #expect(try Self.resolve(["lease_duration": "300"]).leaseDuration == .seconds(300))
        #expect(try Self.resolve([:], environment: ["ROTA_LEASE_DURATION": "1s"]).leaseDuration == .seconds(1))
        for refused in ["500ms", "301s", "6m", "0", "-3", "soon", "99999999999999999999"] {
            #expect(Self.refusal(["lease_duration": refused])?.contains("from 1s to 300s") == true, "\(refused)")
        }
    }

    @Test func theLeaseRetryIsBoundedAndDefaultsToOneSecond() throws {
        #expect(try Self.resolve([:]).leaseRetry == .seconds(1))
        #expect(try Self.resolve(["lease_retry": "250ms"]).leaseRetry == .milliseconds(250))
        for refused in ["50ms", "61s", "0ms", "never"] {
            #expect(Self.refusal(["lease_retry": refused])?.contains("from 100ms to 60s") == true, "\(refused)")
        }
    }

    @Test func theAdvertisedURLIsAnHTTPURLWithAHostAndDefaultsToThisMachine() throws {
        #expect(try Self.resolve(["advertise_url": "https://rota-1.example.com:8900/"]).advertisedURL == "https://rota-1.example.com:8900")
        let defaulted = try Self.resolve(["port": "8911"])
        #expect(defaulted.advertisedURL == "http://\(ProcessInfo.processInfo.hostName):8911")
        let long = "https://" + String(repeating: "a", count: 2100) + ".example"
        for refused in ["rota-1:8900", "ftp://rota-1", "https://", "https://user:pw@rota-1", "https://rota-1/api", "https://rota-1?x=1", long] {
            #expect(Self.refusal(["advertise_url": refused])?.contains("must be an http:// or https:// URL") == true, "\(refused)")
        }
    }

    @Test func aLoneSQLiteCoreAnswersReadyAsTheLeader() async throws {
        try await TestCore.with { core in
            let answer = try await core.request(.GET, "/system/ready")
            #expect(answer.status == 200)
            #expect(try answer.json()["role"] == "leader")
            #expect(try answer.json()["status"] == "ready")
        }
    }
}
