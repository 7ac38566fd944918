import Foundation
import RotaAPI
import RotaClient
import RotaModel
import Testing

@testable import RotaCLI

/// `rota workflows task` and `rota workflows history` as people read them: a run's state, input
/// and steps with their attempts, from the core's JSON.
@Suite struct RunTextTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func step(_ name: String, _ state: String, attempts: Int, errors: Int = 0, subscribers: JSONValue = []) -> JSONValue {
        [
            "name": .string(name), "state": .string(state), "started_at": "2027-01-15T08:00:00.000Z",
            "ended_at": state == "running" ? .null : "2027-01-15T08:01:12.000Z", "errors": .int(Int64(errors)), "progress": 100,
            "subscribers": subscribers, "attempts": .int(Int64(attempts)),
        ]
    }

    static func finished(input: JSONValue, steps: [JSONValue], outcome: String = "success", reason: JSONValue = .null) -> JSONValue {
        [
            "state": "finished", "task_id": "t1", "workflow": "collect-one-account", "workflow_version": 2,
            "started_at": "2027-01-15T08:00:00.000Z", "finished_at": "2027-01-15T08:01:12.000Z", "duration": 72, "success": .bool(outcome == "success"),
            "outcome": .string(outcome), "reason": reason, "errors": 1, "input": input, "steps": .array(steps),
        ]
    }

    static func lines(_ json: JSONValue) throws -> [String] {
        RunText.lines(of: try CoreAPI.decode(RunView.self, from: json, request: "GET /tasks/t1"), now: now)
    }

    @Test func aFinishedRunShowsItsInputAndEachStepsAttempts() throws {
        let subscribers: JSONValue = [["id": "worker-1", "answer": "done"], ["id": "worker-2", "answer": "timed_out"]]
        let json = Self.finished(
            input: ["account": "123456789012"],
            steps: [Self.step("collect", "succeeded", attempts: 3, errors: 1, subscribers: subscribers), Self.step("announce", "succeeded", attempts: 1)])
        #expect(
            try Self.lines(json) == [
                "run t1 of collect-one-account, version 2",
                "state:   success in 1m12s, 1 error",
                "started: 2027-01-15 08:00:00Z",
                #"input:   {"account":"123456789012"}"#,
                "",
                "STEP      STATE      STARTED               DURATION  ATTEMPTS  ERRORS  SUBSCRIBERS",
                "collect   succeeded  2027-01-15 08:00:00Z  1m12s            3       1  worker-1 done, worker-2 timed out",
                "announce  succeeded  2027-01-15 08:00:00Z  1m12s            1       0",
            ])
    }

    @Test func aFailedRunSaysWhyAndARunWithoutInputShowsAnEmptyObject() throws {
        let json = Self.finished(input: [:], steps: [Self.step("collect", "failed", attempts: 2)], outcome: "failure", reason: "step collect failed")
        let lines = try Self.lines(json)
        #expect(lines[1] == "state:   failure after 1m12s, 1 error: step collect failed")
        #expect(lines[3] == "input:   {}")
    }

    @Test func aRunningRunSaysWhomItWaitsForOrWhenItsNextAttemptBegins() throws {
        var running: [String: JSONValue] = [
            "state": "running", "task_id": "t1", "workflow": "w", "workflow_version": 1, "started_at": "2027-01-15T08:00:00.000Z",
            "current_step": "collect", "progress": 50, "errors": 0, "waiting_for": ["worker-2"], "deadline": "2027-01-15T08:10:00.000Z",
            "steps": [Self.step("collect", "running", attempts: 1)], "progress_tree": [:], "input": ["account": "1"],
        ]
        var lines = try Self.lines(.object(running))
        #expect(lines[1] == "state:   running, step collect, 50%")
        #expect(lines[3] == "waiting: for worker-2 until 2027-01-15 08:10:00Z")
        #expect(lines.last?.hasPrefix("collect  running  2027-01-15 08:00:00Z") == true)
        running["retry_at"] = "2027-01-15T08:00:30.000Z"
        running["waiting_for"] = []
        lines = try Self.lines(.object(running))
        #expect(lines[3] == "retry:   attempt 2 of collect at 2027-01-15 08:00:30Z")
    }

    @Test func aQueuedRunSaysSinceWhen() throws {
        let json: JSONValue = ["state": "queued", "task_id": "t9", "workflow": "w", "queued_at": "2027-01-15T08:00:00.000Z"]
        #expect(try Self.lines(json) == ["run t9 of w", "state:   queued since 2027-01-15 08:00:00Z"])
    }

    @Test func aLongInputIsCutAndControlCharactersStayEscaped() {
        let text = RunText.inputText(["note": .string("line\n\u{1B}[2J" + String(repeating: "x", count: 500))])
        #expect(text.count == RunText.inputWidth)
        #expect(text.hasSuffix("…"))
        #expect(!text.contains("\n") && !text.contains("\u{1B}"))
    }

    @Test func theHistoryShowsInputsOnlyWhenARunHasOne() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let plain = HistoryEntryView(
            taskId: "t1", workflow: "w", workflowVersion: 1, startedAt: date, finishedAt: date, duration: 1, outcome: .success, reason: nil, errors: 0)
        #expect(WorkflowsHistoryCommand.table(of: [plain]).columns.map(\.title) == ["TASK ID", "WORKFLOW", "STARTED", "DURATION", "OUTCOME", "ERRORS", "REASON"])
        var given = plain
        given.taskId = "t2"
        given.input = ["account": "123456789012", "regions": ["eu-west-1", "us-east-1", "ap-south-1"]]
        let table = WorkflowsHistoryCommand.table(of: [given, plain])
        #expect(table.columns.map(\.title).contains("INPUT"))
        #expect(table.rows[0][6] == #"{"account":"123456789012","regions":["e…"#)
        #expect(table.rows[1][6] == "-")
    }
}
