import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("Jobs and the commands of workflows")
struct JobAPITests {
    /// The log of the job's latest finished run.
    static func lastLog(of job: String, in core: TestCore) async throws -> [JSONValue] {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let run = try await core.request(.GET, "/history?workflow=job.\(job)&limit=1").json().arrayValue?.first,
                let taskId = run["task_id"]?.stringValue
            {
                return try await core.request(.GET, "/tasks/\(taskId)/log").json().arrayValue ?? []
            }
            try await Task.pause(for: .milliseconds(20))
        }
        throw TestFailure("job \(job) did not finish a run")
    }

    static func messages(_ log: [JSONValue]) -> [String] { log.compactMap { $0["message"]?.stringValue } }

    @Test func jobIsCreatedUpdatedActivatedAndDeleted() async throws {
        try await TestCore.with(manualClock: true) { core in
            let job: JSONValue = ["command": "events emit nightly_done", "trigger": ["cron_expression": "0 3 * * *"], "timeout": 60]
            let created = try await core.request(.PUT, "/jobs/nightly", json: job)
            #expect(created.status == 201)
            #expect(try created.json()["scheduled_next"] == "2027-01-16T03:00:00.000Z")
            let deactivated = try await core.request(.POST, "/jobs/nightly/deactivate").json()
            #expect(deactivated["active"] == false)
            #expect(deactivated["scheduled_next"] == .null)
            #expect(deactivated["version"] == 2)
            #expect(try await core.request(.POST, "/jobs/nightly/activate").json()["active"] == true)
            #expect(try await core.request(.GET, "/jobs").json().arrayValue?.map { $0["id"] } == ["nightly"])
            #expect(try await core.request(.GET, "/workflows").json().arrayValue?.contains { $0["id"] == "job.nightly" } == false)
            #expect(try await core.request(.DELETE, "/jobs/nightly").status == 204)
            #expect(try await core.request(.GET, "/jobs/nightly").status == 404)
        }
    }

    @Test func jobRunsItsCommandAndTheOutcomeIsInTheRunsLog() async throws {
        try await TestCore.with { core in
            let events = try await TestActor.events(port: core.port, show: ["job_said"])
            _ = try await core.request(
                .PUT, "/jobs/talker", json: ["command": #"events emit job_said {"run": "@TASK_ID@", "from": "@WORKFLOW@"}"#, "trigger": ["message_type": "never"]])
            let started = try await core.request(.POST, "/jobs/talker/run").json()
            let taskId = try #require(started["task_id"]?.stringValue)
            let said = try await events.nextEvent("job_said")
            #expect(said.data["run"]?.stringValue == taskId)
            #expect(said.data["from"] == "job.talker")
            #expect(Self.messages(try await Self.lastLog(of: "talker", in: core)).contains("emitted event job_said"))
        }
    }

    @Test func workflowsRunCommandStartsAnotherWorkflow() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("target", "work")]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            _ = try await core.request(.PUT, "/jobs/starter", json: ["command": "workflows run target", "trigger": ["message_type": "never"]])
            _ = try await core.request(.POST, "/jobs/starter/run")
            let action = try await actor.nextAction()
            #expect(action.messageType == "work")
            let log = Self.messages(try await Self.lastLog(of: "starter", in: core))
            #expect(log.contains { $0.hasPrefix("started workflow target: run \(action.actionMessage!.task)") })
        }
    }

    @Test func resourcesCleanCommandMarksWhatItsFilterSelects() async throws {
        try await TestCore.with { core in
            let merged = try await ResourceAPITests.merge(
                [
                    ResourceAPITests.line("old", tags: ["rota:expires": "2020-01-01T00:00:00Z"]),
                    ResourceAPITests.line("new", tags: ["rota:expires": "2999-01-01T00:00:00Z"]),
                    ResourceAPITests.line("other", kind: "volume", tags: ["rota:expires": "2020-01-01T00:00:00Z"]),
                ], into: core)
            #expect(merged.status == 200)
            let put = try await core.request(
                .PUT, "/jobs/sweep", json: ["command": #"resources clean cloud=test kind=instance expired=true --reason "nightly sweep""#, "trigger": ["message_type": "never"]])
            #expect(put.status == 201)
            _ = try await core.request(.POST, "/jobs/sweep/run")
            #expect(Self.messages(try await Self.lastLog(of: "sweep", in: core)).contains("marked 1 resources for cleanup: nightly sweep"))
            let marked = try await core.request(.GET, "/resources?clean=true").json()["resources"]?.arrayValue ?? []
            #expect(marked.map { $0["id"] } == ["old"])
            #expect(marked.first?["metadata"]?["clean"]?["reason"] == "nightly sweep")
        }
    }

    @Test func httpPostCommandCallsTheWebhookAndLogsTheAnswer() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("target", "work")]) { core in
            let actor = try await core.actor("actor", subscribesTo: ["work"])
            _ = try await core.request(.PUT, "/jobs/hook", json: ["command": .string("http post \(core.baseURL)/workflows/target/run {}"), "trigger": ["message_type": "never"]])
            _ = try await core.request(.POST, "/jobs/hook/run")
            #expect(try await actor.nextAction().messageType == "work")
            #expect(Self.messages(try await Self.lastLog(of: "hook", in: core)).contains("http post \(core.baseURL)/workflows/target/run answered 200"))
            _ = try await core.request(.PUT, "/jobs/broken-hook", json: ["command": .string("http post \(core.baseURL)/workflows/missing/run"), "trigger": ["message_type": "never"]])
            _ = try await core.request(.POST, "/jobs/broken-hook/run")
            let failed = try await core.request(.GET, "/history?workflow=job.broken-hook").json().arrayValue?.first
            let log = Self.messages(try await Self.lastLog(of: "broken-hook", in: core))
            #expect(log.contains { $0.contains("answered 404") })
            #expect(failed == nil || failed?["success"] == false)
        }
    }

    @Test func shellCommandRunsOnlyWhenTheCoreAllowsIt() async throws {
        try await TestCore.with { refusing in
            let refused = try await refusing.request(.PUT, "/jobs/sh", json: ["command": "shell echo hello", "trigger": ["message_type": "never"]])
            #expect(refused.status == 400)
            #expect(try refused.json()["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains("--allow-shell") == true)
        }

        try await TestCore.with(configure: { $0.allowShell = true }) { allowing in
            #expect(try await allowing.request(.PUT, "/jobs/sh", json: ["command": "shell echo hello from @WORKFLOW@", "trigger": ["message_type": "never"]]).status == 201)
            _ = try await allowing.request(.POST, "/jobs/sh/run")
            #expect(Self.messages(try await Self.lastLog(of: "sh", in: allowing)).contains("hello from job.sh"))
            _ = try await allowing.request(.PUT, "/jobs/fails", json: ["command": "shell echo oops >&2; exit 3", "trigger": ["message_type": "never"]])
            _ = try await allowing.request(.POST, "/jobs/fails/run")
            let log = Self.messages(try await Self.lastLog(of: "fails", in: allowing))
            #expect(log.contains { $0.contains("exit code 3: oops") })
        }
    }

    @Test func jobWaitsForItsEventBeforeRunning() async throws {
        try await TestCore.with { core in
            let events = try await TestActor.events(port: core.port)
            _ = try await core.request(
                .PUT, "/jobs/after-collect",
                json: ["command": "events emit cleaned_up", "trigger": ["message_type": "collect_requested"],
                       "wait": ["message_type": "collect_finished", "filter_data": ["cloud": "aws"], "timeout": 60]])
            try events.send(.event(Event(messageType: "collect_requested")))
            let running = try await waitForRunningJob("after-collect", in: core)
            #expect(running["current_step"] == "wait_for_collect_finished")
            try events.send(.event(Event(messageType: "collect_finished", data: ["cloud": "gcp"])))
            try events.send(.event(Event(messageType: "collect_finished", data: ["cloud": "aws"])))
            _ = try await events.nextEvent("cleaned_up")
        }
    }

    @Test func brokenJobIsRefusedWithItsPath() async throws {
        try await TestCore.with { core in
            let response = try await core.request(.PUT, "/jobs/bad", json: ["command": "format disk", "trigger": ["cron_expression": "0 0 30 2 *"], "timeout": -1])
            #expect(response.status == 400)
            let paths = Set(try response.json()["errors"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? [])
            #expect(paths == ["command", "trigger.cron_expression", "timeout"])
            #expect(try await core.request(.GET, "/jobs/bad").status == 404)
        }
    }

    private func waitForRunningJob(_ job: String, in core: TestCore) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let run = try await core.request(.GET, "/tasks").json().arrayValue?.first(where: { $0["workflow"] == .string("job.\(job)") }) {
                return run
            }
            try await Task.pause(for: .milliseconds(20))
        }
        throw TestFailure("job \(job) did not start")
    }
}
