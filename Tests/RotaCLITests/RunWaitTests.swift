import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `rota workflows run ID --wait`: a run followed live to its end, its exit status its outcome.
@Suite struct RunWaitTests {
    /// Waits until the command has printed `text`.
    static func printed(_ text: String, by console: CapturedConsole) async throws {
        try await eventually("the command printed \(text)") { console.output.contains(text) }
    }

    @Test func aSuccessfulRunIsFollowedStepByStepWithItsProgress() async throws {
        let workflow = TestWorkflows.sequence("pipeline", ["work", "report"])
        try await withCore(workflows: [workflow]) { core in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let console = CapturedConsole()
            let command = Task { await Rota.run(["workflows", "run", "pipeline", "--wait"] + core.cliArguments, on: console) }
            let action = try await actor.nextAction()
            let reference = try #require(action.actionMessage)
            try await Self.printed("step work started", by: console)
            try actor.send(.actionProgress(reference, progress: .leaf(name: "regions", path: [], current: 5, total: 10), at: "2026-11-23T10:00:00Z"))
            try await Self.printed("step work 50%", by: console)
            try actor.done(action)
            let result = await command.value
            #expect(result.status == 0, "\(result)")
            let taskId = try #require(result.lines.first?.firstMatch(of: /^run (\S+) of pipeline started$/)?.1).description
            #expect(
                result.lines == [
                    "run \(taskId) of pipeline started", "step work started", "step work 50%", "step work succeeded", "step report succeeded",
                ] + [try #require(result.lines.last)])
            #expect(try #require(result.lines.last).hasPrefix("run \(taskId) of pipeline succeeded in "))
            #expect(result.errors.isEmpty)
            await actor.close()
        }
    }

    @Test func aFailingRunShowsItsErrorAndExitsWithOne() async throws {
        let workflow = TestWorkflows.sequence("fragile", ["work", "after"], onError: .stop)
        try await withCore(workflows: [workflow]) { core in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let console = CapturedConsole()
            let command = Task { await Rota.run(["workflows", "run", "fragile", "--wait"] + core.cliArguments, on: console) }
            let action = try await actor.nextAction()
            try await Self.printed("step work started", by: console)
            try actor.fail(action, "disk full")
            let result = await command.value
            #expect(result.status == 1, "\(result)")
            #expect(result.lines.contains("error: worker: disk full"))
            #expect(result.lines.contains("step work failed (1 error)"))
            #expect(!result.output.contains("step after"))
            let last = try #require(result.lines.last)
            #expect(last.contains("of fragile failed after "))
            #expect(last.hasSuffix(": step work: worker failed: disk full"))
            await actor.close()
        }
    }

    @Test func aCoreThatGoesAwayMidRunEndsTheWaitWithThreeAndSaysTheRunGoesOn() async throws {
        try await withCore(workflows: [TestWorkflows.single("long", "work")]) { core in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let console = CapturedConsole()
            let command = Task { await Rota.run(["workflows", "run", "long", "--wait"] + core.cliArguments, on: console) }
            _ = try await actor.nextAction()
            try await Self.printed("step work started", by: console)
            await core.stop()
            let result = await command.value
            #expect(result.status == 3, "\(result)")
            let taskId = try #require(result.lines.first?.firstMatch(of: /^run (\S+) of long started$/)?.1).description
            #expect(result.errors.hasPrefix("error: lost the core while following run \(taskId): "))
            #expect(result.errors.contains("The run is not over: a restarted core goes on with it (rota workflows log \(taskId) shows it)"))
            await actor.close()
        }
    }

    @Test func aStepThatTimesOutFailsTheRun() async throws {
        let workflow = Workflow(
            id: "impatient", steps: [Step(name: "approval", action: .waitForEvent(messageType: "approved", filter: [:]), timeout: 0.3, onError: .stop)])
        try await withCore(workflows: [workflow]) { core in
            let result = await Rota.run(["workflows", "run", "impatient", "--wait"], against: core)
            #expect(result.status == 1, "\(result)")
            #expect(result.lines.contains("error: step approval timed out"))
            #expect(result.lines.contains("step approval timed out (1 error)"))
            let last = try #require(result.lines.last)
            #expect(last.hasSuffix(": step approval timed out"))
        }
    }

    @Test func withJSONTheFinishedRunIsPrinted() async throws {
        try await withCore(workflows: [TestWorkflows.single("quick", "nobody")]) { core in
            let result = await Rota.run(["workflows", "run", "quick", "--wait", "--json"], against: core)
            #expect(result.status == 0, "\(result)")
            let run = try JSONValue(jsonText: result.output)
            #expect(run["state"] == "finished")
            #expect(run["outcome"] == "success")
            #expect(run["workflow"] == "quick")
        }
    }

    @Test func onATerminalTheStepsAreRedrawnWithProgressBars() async throws {
        let workflow = TestWorkflows.sequence("drawn", ["work", "report"])
        try await withCore(workflows: [workflow]) { core in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let console = CapturedConsole(isTerminal: true)
            let command = Task { await Rota.run(["workflows", "run", "drawn", "--wait"] + core.cliArguments, on: console) }
            let action = try await actor.nextAction()
            let reference = try #require(action.actionMessage)
            try actor.send(.actionProgress(reference, progress: .leaf(name: "all", path: [], current: 1, total: 4), at: "2026-11-23T10:00:00Z"))
            try await Self.printed("▶ work    █████░░░░░░░░░░░░░░░  25%", by: console)
            try actor.done(action)
            let result = await command.value
            #expect(result.status == 0, "\(result)")
            #expect(result.output.contains("\u{1B}[J"))
            #expect(result.output.contains("✓ report  ████████████████████ 100%"))
            #expect(try #require(result.lines.last).contains("of drawn succeeded in "))
            await actor.close()
        }
    }

    @Test func aSkippedRunHasNothingToWaitFor() async throws {
        try await withCore(workflows: [TestWorkflows.single("single", "work", onSurpass: .skip)]) { core in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            _ = try await core.run("single")
            _ = try await actor.nextAction()
            let result = await Rota.run(["workflows", "run", "single", "--wait"], against: core)
            #expect(result.status == 1)
            #expect(result.errors.contains("skipped: a run of single is active"))
            await actor.close()
        }
    }

    @Test func aQueuedRunIsFollowedOnceItStarts() async throws {
        try await withCore(workflows: [TestWorkflows.single("serial", "work")]) { core in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let first = try await core.run("serial")
            let firstAction = try await actor.nextAction()
            let console = CapturedConsole()
            let command = Task { await Rota.run(["workflows", "run", "serial", "--wait"] + core.cliArguments, on: console) }
            try await Self.printed("queued a run of serial", by: console)
            try actor.done(firstAction)
            _ = try await core.finishedRun(first)
            let secondAction = try await actor.nextAction()
            try actor.done(secondAction)
            let result = await command.value
            #expect(result.status == 0, "\(result)")
            let second = try #require(secondAction.actionMessage?.task)
            #expect(result.lines.contains("run \(second) of serial started"))
            #expect(try #require(result.lines.last).hasPrefix("run \(second) of serial succeeded"))
            await actor.close()
        }
    }
}
