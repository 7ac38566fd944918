import Foundation
import RotaCore
import RotaModel
import Testing

/// `ROTA_SCHEDULE_<ID>` sets a default workflow's schedule whatever the case of the id, and a
/// variable that names no default workflow is said at start instead of being ignored silently.
@Suite("Schedule variables")
struct ScheduleVariableTests {
    @Test func theVariableMatchesTheWorkflowIdWhateverItsCase() throws {
        for variable in ["ROTA_SCHEDULE_COLLECT_AND_CLEANUP", "ROTA_SCHEDULE_collect_and_cleanup", "rota_schedule_Collect_And_Cleanup"] {
            let settings = try CoreConfiguration.resolve(flags: [:], environment: [variable: "30 * * * *"], file: nil)
            #expect(settings.schedules["collect_and_cleanup"] == (try CronExpression(parsing: "30 * * * *")), "\(variable)")
            #expect(settings.configurationWarnings.isEmpty, "\(variable)")
        }
        let metrics = try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_SCHEDULE_metrics": "0 4 * * *"], file: nil)
        #expect(metrics.schedules["metrics"] == (try CronExpression(parsing: "0 4 * * *")))
        let none = try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_SCHEDULE_collect_and_cleanup": "none"], file: nil)
        #expect(none.schedules["collect_and_cleanup"] == nil)
    }

    @Test func aFlagStillWinsOverTheVariable() throws {
        let settings = try CoreConfiguration.resolve(
            flags: [:], scheduleFlags: ["collect": "0 1 * * *"], environment: ["ROTA_SCHEDULE_collect": "0 2 * * *"], file: nil)
        #expect(settings.schedules["collect"] == (try CronExpression(parsing: "0 1 * * *")))
    }

    @Test func aBadExpressionInAVariableNamesTheVariableAsWritten() {
        #expect {
            try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_SCHEDULE_collect": "61 * * * *"], file: nil)
        } throws: { error in
            "\(error)".hasPrefix("ROTA_SCHEDULE_collect: \"61 * * * *\"")
        }
    }

    @Test func aVariableThatNamesNoDefaultWorkflowIsWarnedAbout() throws {
        let settings = try CoreConfiguration.resolve(
            flags: [:], environment: ["ROTA_SCHEDULE_NIGHTLY": "0 3 * * *", "ROTA_SCHEDULE_COLLECT": "0 2 * * *"], file: nil)
        #expect(settings.configurationWarnings.count == 1)
        #expect(settings.configurationWarnings.first?.hasPrefix("ROTA_SCHEDULE_NIGHTLY names no default workflow and is ignored") == true)
        #expect(settings.configurationWarnings.first?.contains("ROTA_SCHEDULE_COLLECT_AND_CLEANUP") == true)
        #expect(settings.schedules["collect"] == (try CronExpression(parsing: "0 2 * * *")))
    }

    @Test func twoVariablesForOneWorkflowAreWarnedAbout() throws {
        let settings = try CoreConfiguration.resolve(
            flags: [:], environment: ["ROTA_SCHEDULE_COLLECT": "0 2 * * *", "ROTA_SCHEDULE_collect": "0 5 * * *"], file: nil)
        #expect(settings.schedules["collect"] == (try CronExpression(parsing: "0 2 * * *")))
        #expect(settings.configurationWarnings == ["ROTA_SCHEDULE_collect is ignored: ROTA_SCHEDULE_COLLECT sets the schedule of collect already"])
    }
}
