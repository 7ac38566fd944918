import Foundation
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

/// `rota workflows validate` (without a core) and `rota workflows apply` (with one).
@Suite struct DefinitionFileCommandTests {
    static let nightly = """
        id: nightly-cleanup
        triggers:
          - cron_expression: "0 3 * * *"
        steps:
          - name: plan
            action: {command: "resources clean cloud=aws expired=true --reason nightly"}
          - name: cleanup
            action: {message_type: cleanup}
            timeout: 3600
        """

    static let job = """
        {"id": "notify-failures", "command": "events emit run_failed",
         "trigger": {"message_type": "task_end", "filter_data": {"success": false}}, "timeout": 30}
        """

    static let broken = """
        id: broken
        triggers:
          - cron_expression: "0 0 30 2 *"
        steps:
          - name: collect
            action: {message_type: collect}
          - name: collect
            action: {message_type: collect}
            timeout: -5
            retries: 3
          - name: notify
            action: {command: "mail someone"}
        """

    @Test func validateListsEveryProblemWithItsFileAndPath() async throws {
        let files = try DefinitionFiles()
        let good = try files.write("nightly.yaml", Self.nightly)
        let bad = try files.write("broken.yaml", Self.broken)
        let result = await Rota.run(["workflows", "validate", good, bad])
        #expect(result.status == 1)
        #expect(
            result.lines == [
                "\(good): valid workflow nightly-cleanup",
                "\(bad): steps[1].name: \"collect\" is already the name of steps[0]; step names must be unique",
                "\(bad): steps[1].retries: unknown key (expected one of: name, action, timeout, on_error, retry)",
                "\(bad): steps[1].timeout: must be > 0",
                "\(bad): steps[2].action.command: \"mail someone\" is not a command Rota knows; use one of: \(Operation.usage)",
                "\(bad): triggers[0].cron_expression: \"0 0 30 2 *\" never fires: no month has such a day",
            ], "\(result)")
        #expect(result.errors == "error: 5 problems in 1 of 2 files\n")
    }

    @Test func validateAcceptsWorkflowsAndJobsAndSaysWhichIsWhich() async throws {
        let files = try DefinitionFiles()
        let workflow = try files.write("nightly.yaml", Self.nightly)
        let job = try files.write("notify.json", Self.job)
        let result = await Rota.run(["workflows", "validate", workflow, job])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines == ["\(workflow): valid workflow nightly-cleanup", "\(job): valid job notify-failures"])
        #expect(result.errors.isEmpty)
    }

    @Test func validateReportsUnreadableFilesAndPrintsJSON() async throws {
        let files = try DefinitionFiles()
        let syntax = try files.write("syntax.yaml", "id: [unclosed")
        let missing = files.directory.appendingPathComponent("missing.yaml").path
        let job = try files.write("job.yaml", "id: j\ncommand: shell rm -rf /tmp/x\n")
        let result = await Rota.run(["workflows", "validate", "--json", syntax, missing, job])
        #expect(result.status == 1)
        let reports = try JSONValue(jsonText: result.output).arrayValue ?? []
        #expect(reports.count == 3)
        #expect(reports[0]["errors"]?.arrayValue?.first?["message"]?.stringValue?.hasPrefix("not valid JSON or YAML") == true)
        #expect(reports[1]["errors"]?.arrayValue?.first?["message"]?.stringValue?.hasPrefix("cannot be read") == true)
        #expect(reports[2]["kind"] == "job")
        #expect(reports[2]["errors"] == [["path": "trigger", "message": "is required"]])
    }

    @Test func applyCreatesUpdatesAndLeavesUnchangedWorkflowsAndJobs() async throws {
        try await withCore { core in
            let files = try DefinitionFiles()
            let workflow = try files.write("nightly.yaml", Self.nightly)
            let job = try files.write("notify.json", Self.job)
            let created = await Rota.run(["workflows", "apply", workflow, job], against: core)
            #expect(created.status == 0, "\(created)")
            #expect(
                created.lines == [
                    "\(workflow): created workflow nightly-cleanup (version 1)", "\(job): created job notify-failures (version 1)",
                ])
            #expect(try await core.request(.GET, "/workflows/nightly-cleanup").json()["steps"]?.arrayValue?.count == 2)
            #expect(try await core.request(.GET, "/jobs/notify-failures").json()["timeout"] == 30)

            let unchanged = await Rota.run(["workflows", "apply", workflow], against: core)
            #expect(unchanged.lines == ["\(workflow): unchanged workflow nightly-cleanup (version 1)"])

            _ = try files.write("nightly.yaml", Self.nightly.replacingOccurrences(of: "0 3 * * *", with: "30 3 * * *"))
            let updated = await Rota.run(["workflows", "apply", workflow, "--json"], against: core)
            #expect(updated.status == 0)
            let stored = try JSONValue(jsonText: updated.output).arrayValue?.first
            #expect(stored?["version"] == 2)
            #expect(stored?["triggers"] == [["cron_expression": "30 3 * * *"]])
        }
    }

    @Test func applySendsTheGoodFilesAndReportsTheOthers() async throws {
        try await withCore { core in
            let files = try DefinitionFiles()
            let broken = try files.write("broken.yaml", Self.broken)
            let good = try files.write("nightly.yaml", Self.nightly)
            let shell = try files.write("shell.yaml", "id: sh\ncommand: shell echo hi\ntrigger: {message_type: go}\n")
            let result = await Rota.run(["workflows", "apply", broken, good, shell], against: core)
            #expect(result.status == 1)
            #expect(result.lines == ["\(good): created workflow nightly-cleanup (version 1)"])
            #expect(result.errors.contains("\(broken): steps[1].timeout: must be > 0"))
            #expect(result.errors.contains("\(shell): the core refused PUT /jobs/sh with 400 invalid_definition"))
            #expect(result.errors.contains("shell commands run only on a core started with --allow-shell"))
            #expect(result.errors.hasSuffix("error: 2 files of 3 not applied\n"))
            #expect(try await core.request(.GET, "/workflows/broken").status == 404)
        }
    }

    @Test func aFolderStandsForItsDefinitionFiles() async throws {
        let files = try DefinitionFiles()
        let workflow = try files.write("b-nightly.yaml", Self.nightly)
        let job = try files.write("a-notify.json", Self.job)
        _ = try files.write("README.md", "not a definition")
        let result = await Rota.run(["workflows", "validate", files.directory.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines == ["\(job): valid job notify-failures", "\(workflow): valid workflow nightly-cleanup"])
    }
}
