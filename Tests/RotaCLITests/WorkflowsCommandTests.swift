import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `rota workflows list|show|run|stop|running|history|log|delete` against a real core.
@Suite struct WorkflowsCommandTests {
    @Test func listShowsEveryWorkflowWithItsStepsAndTriggers() async throws {
        try await withCore(workflows: [TestWorkflows.single("nightly", "work", triggers: [.event(messageType: "go", filter: nil)])]) { core in
            let human = await Rota.run(["workflows", "list"], against: core)
            #expect(human.status == 0, "\(human)")
            #expect(human.lines.first?.hasPrefix("ID ") == true)
            let nightly = try #require(human.lines.first { $0.hasPrefix("nightly ") })
            #expect(nightly.contains("event go"))
            #expect(human.lines.contains { $0.hasPrefix("collect_and_cleanup ") && $0.contains("cron 0 * * * *") })

            let json = await Rota.run(["workflows", "list", "--json"], against: core)
            #expect(json.status == 0)
            let list = try JSONValue(jsonText: json.output).arrayValue ?? []
            let ids = list.compactMap { $0["id"]?.stringValue }
            #expect(ids.contains("nightly"))
            #expect(list.first { $0["id"] == "nightly" }?["steps"]?.arrayValue?.count == 1)
        }
    }

    @Test func showPrintsTheWorkflowAsYAMLOrJSON() async throws {
        try await withCore(workflows: [TestWorkflows.single("nightly", "work")]) { core in
            let human = await Rota.run(["workflows", "show", "nightly"], against: core)
            #expect(human.status == 0, "\(human)")
            #expect(human.lines.first == "id: nightly")
            #expect(human.output.contains("steps:\n  - name: work\n    action:\n      message_type: work\n"))
            #expect(human.output.contains("steps_without_subscribers:\n  - work\n"))
            #expect(human.output.contains("version: 1\n"))

            let definition = await Rota.run(["workflows", "show", "nightly", "--definition"], against: core)
            #expect(!definition.output.contains("version"))
            #expect(!definition.output.contains("steps_without_subscribers"))
            let reread = try Workflow(text: definition.output)
            #expect(reread == TestWorkflows.single("nightly", "work"))

            let json = await Rota.run(["workflows", "show", "nightly", "--json"], against: core)
            #expect(try JSONValue(jsonText: json.output)["version"] == 1)
        }
    }

    @Test func anUnknownWorkflowIsReportedWithTheCoresReason() async throws {
        try await withCore { core in
            let result = await Rota.run(["workflows", "show", "nothing"], against: core)
            #expect(result.status == 1)
            #expect(result.output.isEmpty)
            #expect(result.errors.contains("the core refused GET /workflows/nothing with 404 not_found: no workflow has the id \"nothing\""))
        }
    }

    @Test func runStartsARunAndStopEndsIt() async throws {
        try await withCore(workflows: [TestWorkflows.single("slow", "work")]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let started = await Rota.run(["workflows", "run", "slow"], against: core)
            #expect(started.status == 0, "\(started)")
            let taskId = try #require(started.output.firstMatch(of: /started run (\S+) of slow/)?.1).description
            _ = try await actor.nextAction()

            let running = await Rota.run(["workflows", "running"], against: core)
            let row = try #require(running.lines.first { $0.hasPrefix(taskId) })
            #expect(row.contains("slow") && row.contains("work"))
            let runningJSON = await Rota.run(["workflows", "running", "--json"], against: core)
            #expect(try JSONValue(jsonText: runningJSON.output).arrayValue?.first?["task_id"]?.stringValue == taskId)

            let queued = await Rota.run(["workflows", "run", "slow", "--json"], against: core)
            #expect(try JSONValue(jsonText: queued.output)["status"] == "queued")

            let stopped = await Rota.run(["workflows", "stop", taskId], against: core)
            #expect(stopped.status == 0, "\(stopped)")
            #expect(stopped.output == "stopped run \(taskId)\n")
            let finished = try await core.finishedRun(taskId)
            #expect(finished["outcome"] == "stopped")
            let again = await Rota.run(["workflows", "stop", taskId], against: core)
            #expect(again.status == 1)
            #expect(again.errors.contains("has finished already"))
            await actor.close()
        }
    }

    @Test func runningSaysSoWhenNothingRuns() async throws {
        try await withCore { core in
            let result = await Rota.run(["workflows", "running"], against: core)
            #expect(result.status == 0)
            #expect(result.output == "no run is in progress\n")
            let json = await Rota.run(["workflows", "running", "--json"], against: core)
            let running = try JSONValue(jsonText: json.output)
            #expect(running == [])
        }
    }

    @Test func historyListsFinishedRunsAndFiltersThem() async throws {
        try await withCore(workflows: [TestWorkflows.single("quick", "nobody"), TestWorkflows.single("failing", "work", onError: .stop)]) { core in
            let quick = try await core.run("quick")
            _ = try await core.finishedRun(quick)
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let failing = try await core.run("failing")
            let action = try await actor.nextAction()
            try actor.fail(action, "disk full")
            _ = try await core.finishedRun(failing)

            let all = await Rota.run(["workflows", "history"], against: core)
            #expect(all.status == 0, "\(all)")
            #expect(all.lines.first?.hasPrefix("TASK ID") == true)
            #expect(all.lines.contains { $0.hasPrefix(quick) && $0.contains("success") })
            #expect(all.lines.contains { $0.hasPrefix(failing) && $0.contains("failure") && $0.contains("actor failed: disk full") })

            let withErrors = await Rota.run(["workflows", "history", "--has-errors"], against: core)
            #expect(withErrors.lines.count == 2)
            #expect(withErrors.lines[1].hasPrefix(failing))

            let ofQuick = await Rota.run(["workflows", "history", "quick", "--limit", "1", "--json"], against: core)
            #expect(try JSONValue(jsonText: ofQuick.output).arrayValue?.map { $0["task_id"] } == [.string(quick)])

            let future = await Rota.run(["workflows", "history", "--started-after", "2100-01-01T00:00:00Z"], against: core)
            #expect(future.output == "no finished run matches\n")
            let futureDate = await Rota.run(["workflows", "history", "--started-after", "2100-01-01"], against: core)
            #expect(futureDate.output == "no finished run matches\n")
            let beforeDate = await Rota.run(["workflows", "history", "--started-before", "2100-01-01"], against: core)
            #expect(beforeDate.lines.count == all.lines.count)

            let badTime = await Rota.run(["workflows", "history", "--started-after", "yesterday"], against: core)
            #expect(badTime.status == 64)
            #expect(badTime.errors.contains("--started-after \"yesterday\" is not an ISO-8601 time"))
            await actor.close()
        }
    }

    @Test func logPrintsWhatHappenedInARun() async throws {
        try await withCore(workflows: [TestWorkflows.single("noted", "work")]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            let taskId = try await core.run("noted")
            let action = try await actor.nextAction()
            let reference = try #require(action.actionMessage)
            try actor.send(.actionInfo(reference, level: .info, message: "collected 3 resources"))
            try actor.send(.actionInfo(reference, level: .error, message: "region us-9 unreachable"))
            try actor.done(action)
            _ = try await core.finishedRun(taskId)

            let human = await Rota.run(["workflows", "log", taskId], against: core)
            #expect(human.status == 0, "\(human)")
            #expect(human.lines.first?.hasPrefix("AT ") == true)
            #expect(human.lines.contains { $0.contains("info") && $0.contains("actor") && $0.hasSuffix("collected 3 resources") })
            #expect(human.lines.contains { $0.contains("error") && $0.hasSuffix("region us-9 unreachable") })

            let json = await Rota.run(["workflows", "log", taskId, "--json"], against: core)
            let entries = try JSONValue(jsonText: json.output).arrayValue ?? []
            #expect(entries.contains { $0["message"] == "collected 3 resources" && $0["subscriber_id"] == "actor" })
            await actor.close()
        }
    }

    @Test func deleteRemovesAWorkflowButNotADefaultOne() async throws {
        try await withCore(workflows: []) { core in
            _ = try await core.request(.PUT, "/workflows/doomed", json: TestWorkflows.single("doomed", "work").json)
            let deleted = await Rota.run(["workflows", "delete", "doomed"], against: core)
            #expect(deleted.status == 0, "\(deleted)")
            #expect(deleted.output == "deleted workflow doomed\n")
            #expect(try await core.request(.GET, "/workflows/doomed").status == 404)

            let refused = await Rota.run(["workflows", "delete", "collect", "--json"], against: core)
            #expect(refused.status == 1)
            #expect(refused.output.isEmpty)
            #expect(refused.errors.contains("403 forbidden: collect is a default workflow and cannot be deleted"))
        }
    }
}
