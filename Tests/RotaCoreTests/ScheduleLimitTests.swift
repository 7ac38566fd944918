import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// The schedule of a default workflow set through the API is held to the length of a cron
/// expression in a definition.
@Suite("Schedules set through the API")
struct ScheduleLimitTests {
    @Test func aScheduleHoldsUpTo256Bytes() async throws {
        try await TestCore.with { core in
            let expression = "30 9 * * *"
            let longest = expression + String(repeating: " ", count: DefinitionLimits.cronExpressionBytes - expression.utf8.count)
            #expect(try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": .string(longest)]).status == 200)
            let refused = try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": .string(longest + " ")])
            #expect(refused.status == 400)
            let problem = try refused.json()["errors"]?.arrayValue?.first
            #expect(problem?["path"] == "cron_expression")
            #expect(problem?["message"] == "is 257 bytes long; at most 256 are allowed")
        }
    }
}
