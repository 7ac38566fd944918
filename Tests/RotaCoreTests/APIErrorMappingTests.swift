import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// While the database takes no writes, every request whose change cannot be stored is answered
/// `503 store_unavailable`, never `400` or `404`, and changes nothing.
@Suite struct APIErrorMappingTests {
    static let job: JSONValue = ["command": "http post http://127.0.0.1:1/hook", "trigger": ["message_type": "never"]]

    @Test func aJobThatCannotBeStoredIsAnswered503AndIsNotDefined() async throws {
        try await TestCore.with(configure: { $0.saveTimeout = 1 }) { core in
            let database = TestDatabase(directory: core.directory)
            try database.refuseWrites(reason: "disk full in this test")
            let refused = try await core.request(.PUT, "/jobs/nightly", json: Self.job)
            #expect(refused.status == 503)
            #expect(try refused.json()["error"] == "store_unavailable")
            #expect(try await core.request(.GET, "/jobs/nightly").status == 404)
            let schedule = try await core.request(.PUT, "/workflows/metrics/schedule", json: ["cron_expression": "*/5 * * * *"])
            #expect(schedule.status == 503)
            #expect(try schedule.json()["error"] == "store_unavailable")
            try database.allowWrites()
            #expect(try await core.request(.PUT, "/jobs/nightly", json: Self.job).status == 201)
        }
    }

    @Test func aJobRunThatCannotBeStoredIsAnswered503NotNotFound() async throws {
        try await TestCore.with(configure: { $0.saveTimeout = 1 }) { core in
            #expect(try await core.request(.PUT, "/jobs/nightly", json: Self.job).status == 201)
            let database = TestDatabase(directory: core.directory)
            try database.refuseWrites(reason: "disk full in this test")
            let refused = try await core.request(.POST, "/jobs/nightly/run")
            #expect(refused.status == 503)
            #expect(try refused.json()["error"] == "store_unavailable")
            let deactivated = try await core.request(.POST, "/jobs/nightly/deactivate")
            #expect(deactivated.status == 503)
            try database.allowWrites()
            #expect(try await core.request(.GET, "/jobs/nightly").json()["active"] == true)
            #expect(try await core.request(.POST, "/jobs/unknown/run").status == 404)
        }
    }

    @Test func aBodyThatIsNotTheRequestsTypeIsA400NamingTheField() async throws {
        try await TestCore.with { core in
            let schedule = try await core.request(.PUT, "/workflows/metrics/schedule", json: ["cron_expression": 5])
            #expect(schedule.status == 400)
            #expect(try schedule.json()["path"] == "cron_expression")
            let subscriptions = try await core.request(.PUT, "/subscriber/w", json: [["message_type": "a", "wait_for_completion": "yes"]])
            #expect(subscriptions.status == 400)
            #expect(try subscriptions.json()["path"] == "[0].wait_for_completion")
            let cleaned = try await core.request(.POST, "/resources/cleaned", json: ["ids": [1]])
            #expect(cleaned.status == 400)
            #expect(try cleaned.json()["path"] == "ids[0]")
        }
    }
}
