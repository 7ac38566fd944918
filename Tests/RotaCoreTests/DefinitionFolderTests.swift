import Foundation
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

/// `rota core --workflows DIR`: the workflows and jobs of a folder are loaded at start, and a
/// broken file stops the start, naming the file, the path in it and what is wrong.
@Suite struct DefinitionFolderTests {
    static let nightly = """
        id: nightly
        triggers:
          - cron_expression: "0 3 * * *"
        steps:
          - name: mark
            action: {message_type: cleanup_plan}
            timeout: 600
        """
    static let notify = #"{"id": "notify", "command": "events emit failed_run", "trigger": {"message_type": "task_end", "filter_data": {"success": false}}}"#

    @Test func workflowsAndJobsOfTheFolderAreLoadedAtStart() async throws {
        let folder = try definitionFolder(["nightly.yaml": Self.nightly, "notify.json": Self.notify, "README.md": "not a definition"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (workflow, job) = try await TestCore.with(configure: { $0.workflowsDirectory = folder.path }) { core in
            (try await core.request(.GET, "/workflows/nightly"), try await core.request(.GET, "/jobs/notify"))
        }
        #expect(workflow.status == 200)
        #expect(try workflow.json()["steps"]?.arrayValue?.first?["name"] == "mark")
        #expect(job.status == 200)
        #expect(try job.json()["command"] == "events emit failed_run")
    }

    @Test(arguments: [
        ("broken.yaml", "id: broken\nsteps:\n  - name: x\n    action: {message_type: x}\n    timeout: -1\n", "steps[0].timeout"),
        ("shell.json", #"{"id": "shell", "command": "shell rm -rf /tmp/x", "trigger": {"cron_expression": "0 * * * *"}}"#, "command"),
        ("collect.yaml", "id: collect\nsteps:\n  - name: x\n    action: {message_type: x}\n", "id"),
    ])
    func brokenFileStopsTheStartNamingTheFileAndThePath(name: String, text: String, path: String) async throws {
        let folder = try definitionFolder(["a-good.yaml": Self.nightly, name: text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = await #expect(throws: ConfigurationError.self) {
            try await TestCore.with(configure: { $0.workflowsDirectory = folder.path }) { _ in }
        }
        let message = try #require(error?.message)
        #expect(message.hasPrefix(folder.appendingPathComponent(name).path + ": \(path):"), "\(message)")
    }

    private func definitionFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-definitions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }
}
