import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `rota jobs add|list|show|update|run|activate|deactivate|delete` against a real core.
@Suite struct JobsCommandTests {
    @Test func aJobIsAddedListedShownAndDeleted() async throws {
        try await withCore { core in
            let added = await Rota.run(
                ["jobs", "add", "nightly", "--schedule", "0 3 * * *", "--command", "workflows run cleanup", "--timeout", "10m"], against: core)
            #expect(added.status == 0, "\(added)")
            #expect(added.output.hasPrefix("added job nightly; next run "))
            let stored = try await core.request(.GET, "/jobs/nightly").json()
            #expect(stored["trigger"] == ["cron_expression": "0 3 * * *"])
            #expect(stored["timeout"] == 600)
            #expect(stored["command"] == "workflows run cleanup")
            #expect(stored["active"] == true)

            let list = await Rota.run(["jobs", "list"], against: core)
            #expect(list.status == 0)
            let row = try #require(list.lines.first { $0.hasPrefix("nightly ") })
            #expect(row.contains("yes") && row.contains("10m00s") && row.contains("cron 0 3 * * *") && row.hasSuffix("workflows run cleanup"))
            let listJSON = await Rota.run(["jobs", "list", "--json"], against: core)
            #expect(try JSONValue(jsonText: listJSON.output).arrayValue?.map { $0["id"] } == ["nightly"])

            let shown = await Rota.run(["jobs", "show", "nightly"], against: core)
            #expect(shown.lines.first == "id: nightly")
            #expect(shown.output.contains("trigger:\n  cron_expression: \"0 3 * * *\"\n"))
            #expect(shown.output.contains("version: 1\n"))
            let definition = await Rota.run(["jobs", "show", "nightly", "--definition"], against: core)
            #expect(try Job(text: definition.output).timeout == 600)

            let again = await Rota.run(["jobs", "add", "nightly", "--schedule", "0 4 * * *", "--command", "workflows run cleanup"], against: core)
            #expect(again.status == 1)
            #expect(again.errors.contains("the job nightly exists already"))

            let deleted = await Rota.run(["jobs", "delete", "nightly"], against: core)
            #expect(deleted.output == "deleted job nightly\n")
            let empty = await Rota.run(["jobs", "list"], against: core)
            #expect(empty.output == "no job is defined; add one with rota jobs add\n")
        }
    }

    @Test func anEventJobWithAWaitIsWrittenAsTheDocsShow() async throws {
        try await withCore { core in
            let added = await Rota.run(
                [
                    "jobs", "add", "after-deploy", "--event", "deployed", "--filter", #"{"env": "prod"}"#, "--wait-for-event", "collect_done",
                    "--wait-timeout", "30m", "--command", "events emit deployment_collected", "--json",
                ], against: core)
            #expect(added.status == 0, "\(added)")
            let job = try JSONValue(jsonText: added.output)
            #expect(job["trigger"] == ["message_type": "deployed", "filter_data": ["env": "prod"]])
            #expect(job["wait"] == ["message_type": "collect_done", "filter_data": .null, "timeout": 1800])
            #expect(job["scheduled_next"] == .null)
            let list = await Rota.run(["jobs", "list"], against: core)
            #expect(list.output.contains(#"event deployed {"env":"prod"}, then waits for collect_done within 30m00s"#))
        }
    }

    @Test func updateChangesOnlyTheGivenFields() async throws {
        try await withCore { core in
            _ = await Rota.run(
                ["jobs", "add", "notify", "--event", "task_end", "--filter", #"{"success": false}"#, "--wait-for-event", "ack", "--command", "events emit failed"],
                against: core)
            let updated = await Rota.run(["jobs", "update", "notify", "--timeout", "45s"], against: core)
            #expect(updated.status == 0, "\(updated)")
            #expect(updated.output == "updated job notify (version 2)\n")
            var job = try await core.request(.GET, "/jobs/notify").json()
            #expect(job["timeout"] == 45)
            #expect(job["trigger"] == ["message_type": "task_end", "filter_data": ["success": false]])
            #expect(job["wait"]?["message_type"] == "ack")
            #expect(job["command"] == "events emit failed")

            _ = await Rota.run(["jobs", "update", "notify", "--filter", #"{"success": true}"#, "--no-wait"], against: core)
            job = try await core.request(.GET, "/jobs/notify").json()
            #expect(job["trigger"] == ["message_type": "task_end", "filter_data": ["success": true]])
            #expect(job["wait"] == .null)

            let scheduled = await Rota.run(["jobs", "update", "notify", "--schedule", "*/5 * * * *", "--json"], against: core)
            #expect(try JSONValue(jsonText: scheduled.output)["trigger"] == ["cron_expression": "*/5 * * * *"])
            let again = await Rota.run(["jobs", "update", "notify", "--schedule", "*/5 * * * *"], against: core)
            #expect(again.output.hasPrefix("unchanged job notify (version 4)"), "\(again)")

            let filterOnSchedule = await Rota.run(["jobs", "update", "notify", "--filter", #"{"success": true}"#], against: core)
            #expect(filterOnSchedule.status == 64)
            #expect(filterOnSchedule.errors == "Error: --filter goes with --event; this job runs on a schedule\n")

            let nothing = await Rota.run(["jobs", "update", "notify"], against: core)
            #expect(nothing.status == 64)
            #expect(nothing.errors.contains("nothing to change"))
        }
    }

    @Test func problemsAreNamedByTheOptionThatCausedThem() async throws {
        try await withCore { core in
            let cron = await Rota.run(["jobs", "add", "bad", "--schedule", "0 0 30 2 *", "--command", "workflows run x"], against: core)
            #expect(cron.status == 64)
            #expect(cron.errors.contains("--schedule: \"0 0 30 2 *\" never fires: no month has such a day"))
            #expect(cron.errors.contains("Usage: rota jobs add "))
            let command = await Rota.run(["jobs", "add", "bad", "--event", "go", "--command", "mail someone"], against: core)
            #expect(command.status == 64)
            #expect(command.errors.contains("--command: \"mail someone\" is not a command Rota knows"))
            let duration = await Rota.run(["jobs", "add", "bad", "--event", "go", "--command", "workflows run x", "--timeout", "soon"], against: core)
            #expect(duration.errors.contains("--timeout \"soon\" is not a duration"))
            let trigger = await Rota.run(["jobs", "add", "bad", "--command", "workflows run x"], against: core)
            #expect(trigger.errors.contains("give the job a trigger"))
            let stored = try await core.request(.GET, "/jobs/bad")
            #expect(stored.status == 404)
        }
    }

    @Test func aJobRunsByHandAndIsDeactivatedAndActivated() async throws {
        try await withCore { core in
            _ = await Rota.run(["jobs", "add", "hourly", "--schedule", "0 * * * *", "--command", "events emit ping"], against: core)
            let deactivated = await Rota.run(["jobs", "deactivate", "hourly"], against: core)
            #expect(deactivated.output == "deactivated job hourly\n")
            #expect(try await core.request(.GET, "/jobs/hourly").json()["active"] == false)
            let activated = await Rota.run(["jobs", "activate", "hourly"], against: core)
            #expect(activated.output.hasPrefix("activated job hourly; next run "))

            let run = await Rota.run(["jobs", "run", "hourly"], against: core)
            #expect(run.status == 0, "\(run)")
            let taskId = try #require(run.output.firstMatch(of: /started run (\S+) of job hourly/)?.1).description
            let finished = try await core.finishedRun(taskId)
            #expect(finished["outcome"] == "success")
            #expect(finished["workflow"] == "job.hourly")

            let unknown = await Rota.run(["jobs", "run", "nope", "--json"], against: core)
            #expect(unknown.status == 1)
            #expect(unknown.errors.contains("no job has the id \"nope\""))
        }
    }
}
