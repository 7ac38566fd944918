import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A run whose step is tried again, as the commands show it against a real core: `--wait` tells
/// the failed attempt and the next, `workflows task` the attempts and the input.
@Suite struct RetriedRunCommandTests {
    /// `work`, tried up to three times at once, then `report`.
    static let workflow = Workflow(
        id: "retried",
        steps: [
            Step(name: "work", action: .performAction(messageType: "work"), retry: RetryPolicy(attempts: 3, backoff: 0)),
            Step(name: "report", action: .performAction(messageType: "report")),
        ])

    @Test func waitTellsTheRetryAndTaskShowsTheAttemptsAndTheInput() async throws {
        try await withCore(workflows: [Self.workflow]) { core in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let console = CapturedConsole()
            let arguments = ["workflows", "run", "retried", "--input", "account=123456789012", "--wait"] + core.cliArguments
            let command = Task { await Rota.run(arguments, on: console) }
            try actor.fail(try await actor.nextAction(), "rate limited")
            let retry = try await actor.nextAction()
            #expect(retry.data["attempt"] == 2)
            #expect(retry.data["input"] == ["account": "123456789012"])
            try actor.done(retry)
            let result = await command.value
            #expect(result.status == 0, "\(result)")
            // The line comes from the bus's step_retry, or from the run's state when a loaded
            // machine's event stream brought nothing; either way the failed attempt is told once.
            let told = result.lines.filter { $0.hasPrefix("step work attempt 1 failed") }
            #expect(told.count == 1, "\(result)")
            #expect(told.allSatisfy { $0 == "step work attempt 1 failed (step work failed for worker); attempt 2 at once" || $0 == "step work attempt 1 failed" })
            #expect(result.lines.contains("step work succeeded after 2 attempts (1 error)"), "\(result)")
            let taskId = try #require(result.lines.first?.firstMatch(of: /^run (\S+) of retried started$/)?.1).description

            let shown = await Rota.run(["workflows", "task", taskId] + core.cliArguments)
            #expect(shown.status == 0, "\(shown)")
            #expect(shown.lines.contains(#"input:   {"account":"123456789012"}"#), "\(shown)")
            let work = try #require(shown.lines.first { $0.hasPrefix("work ") })
            #expect(work.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first == "2", "\(work)")
            await actor.close()
        }
    }

    @Test func taskRefusesAnUnknownRun() async throws {
        try await withCore { core in
            let result = await Rota.run(["workflows", "task", "no-such-run"] + core.cliArguments)
            #expect(result.status == 1)
            #expect(result.errors.contains("404"), "\(result)")
        }
    }
}
