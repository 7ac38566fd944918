import Foundation
import RotaModel
import Testing

@testable import RotaCLI

/// Three answers of `rota` that were wrong: the id of an invalid definition, the place of a
/// step's error in `--wait`'s line output, and a date alone given to `cron next --after`.
@Suite struct CLIFixTests {
    @Test func validateReportsTheIdOfAnInvalidDefinition() async throws {
        let files = try DefinitionFiles()
        let broken = try files.write("broken.yaml", "id: nightly\nsteps:\n  - name: a\n    action: {message_type: a}\n    timeout: -1\n")
        let result = await Rota.run(["workflows", "validate", "--json", broken])
        #expect(result.status == 1)
        let report = try JSONValue(jsonText: result.output)
        #expect(report.arrayValue?.first?["id"] == "nightly")
        #expect(report.arrayValue?.first?["valid"] == false)
    }

    @Test func aStepsErrorIsWrittenAfterItsStepStartedNotBesideTheStepBefore() {
        let captured = CapturedConsole()
        var display = PlainRunDisplay(console: captured.console)
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        display.show(watch.receive(task: Self.task([("a", "running", 0, 0), ("b", "pending", 0, 0)])), of: watch)
        // The bus brings b's error before the state that shows a ended and b started.
        display.show(watch.receive(.event(Event(messageType: "error", data: ["task": "t1", "message": "worker: disk full"]))).changes, of: watch)
        display.show(watch.receive(task: Self.task([("a", "succeeded", 100, 0), ("b", "running", 0, 1)])), of: watch)
        #expect(
            captured.output.split(separator: "\n").map(String.init) == [
                "step a started", "step a succeeded", "step b started", "error: worker: disk full",
            ])
    }

    @Test func anErrorNoStepCountsIsWrittenBeforeTheOutcome() {
        let captured = CapturedConsole()
        var display = PlainRunDisplay(console: captured.console)
        var watch = RunWatch(workflowId: "w", taskId: "t1")
        display.show(watch.receive(.event(Event(messageType: "error", data: ["task": "t1", "message": "cascade cut"]))).changes, of: watch)
        display.show(watch.receive(task: Self.task([("a", "succeeded", 100, 0)], extra: ["outcome": "success", "duration": 1, "errors": 0])), of: watch)
        display.finish(watch)
        let lines = captured.output.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(2)) == ["step a succeeded", "error: cascade cut"])
    }

    @Test func cronNextTakesADateAloneAsWorkflowsHistoryDoes() async throws {
        let result = await Rota.run(["cron", "next", "0 3 * * *", "--after", "2026-01-02", "--tz", "UTC", "--count", "1"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines == ["2026-01-02T03:00:00Z"])
        let berlin = await Rota.run(["cron", "next", "0 0 * * *", "--after", "2026-01-02", "--tz", "Europe/Berlin", "--count", "1"])
        #expect(berlin.lines == ["2026-01-03T00:00:00+01:00"], "a date alone is its midnight in --tz")
        #expect(TimeArgument.query("2026-01-02") == "2026-01-02T00:00:00.000Z")
        #expect(TimeArgument.query("yesterday") == nil)
    }

    static func task(_ steps: [(String, String, Double, Int)], extra: [String: JSONValue] = [:]) -> JSONValue {
        var object: [String: JSONValue] = [
            "state": extra.isEmpty ? "running" : "finished",
            "steps": .array(
                steps.map { ["name": .string($0.0), "state": .string($0.1), "progress": .number($0.2), "errors": .int(Int64($0.3))] }),
        ]
        object.merge(extra) { _, new in new }
        return .object(object)
    }
}
