import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A stored record the core cannot read (corrupt JSON, a definition that no longer passes the
/// rules, a run stored in a format of another Rota) is set aside: the core starts with the rest,
/// and lists it with the reason, keeping its bytes.
@Suite("Stored records that cannot be read are set aside")
struct SetAsideRecordTests {
    static let good = TestWorkflows.single("good", "work")

    @Test func aCoreStartsOnUnreadableRecordsOfEveryKindServesTheRestAndListsThem() async throws {
        let (directory, runId) = try await TestCore.with(workflows: [Self.good]) { first in
            _ = try await first.request(.POST, "/subscriber/keeper/work")
            #expect(try await first.request(.PUT, "/jobs/keeper", json: ["command": "events emit kept", "trigger": ["message_type": "never"]]).status == 201)
            return (first.directory, try await first.run("good"))
        }

        let database = TestDatabase(directory: directory)
        let snapshot = try #require(try database.bytes("SELECT snapshot FROM running_task WHERE id = ?", arguments: [runId]))
        let future = String(decoding: snapshot, as: UTF8.self).replacingOccurrences(of: #""format":1"#, with: #""format":99"#)
        let longWorkflowId = "job." + String(repeating: "x", count: 300)
        let tooLongId = String(decoding: snapshot, as: UTF8.self).replacingOccurrences(of: #""id":"good""#, with: "\"id\":\"\(longWorkflowId)\"")
        try database.execute(
            """
            INSERT INTO subscriber (id, subscriptions) VALUES ('broken_subscriber', '{"work": {"message_type": ');
            INSERT INTO workflow_definition (id, version, definition) VALUES ('broken_workflow', 3, '{"id": "broken workflow!", "steps": []}');
            INSERT INTO job_definition (id, version, definition) VALUES ('broken_job', 1, 'not json at all');
            INSERT INTO running_task (id, snapshot) VALUES ('broken-run', '{"format": 1, "id": "broken-run"}');
            INSERT INTO running_task (id, snapshot) VALUES ('future-run', ?);
            INSERT INTO running_task (id, snapshot) VALUES ('long-id-run', ?);
            """, arguments: [future, tooLongId])

        try await TestCore.with(workflows: [Self.good], directory: directory) { second in
            #expect(try await second.request(.GET, "/subscriber/keeper").status == 200)
            #expect(try await second.request(.GET, "/jobs/keeper").status == 200)
            #expect(try await second.request(.GET, "/tasks/\(runId)").json()["current_step"] == "work")
            #expect(try await second.request(.GET, "/subscriber/broken_subscriber").status == 404)
            #expect(try await second.request(.GET, "/workflows/broken_workflow").status == 404)

            let listed = try await second.request(.GET, "/system/set-aside")
            #expect(listed.status == 200)
            let records = try #require(try listed.json().arrayValue)
            let byKey = Dictionary(uniqueKeysWithValues: records.map { ("\($0["kind"]?.stringValue ?? "?") \($0["id"]?.stringValue ?? "?")", $0) })
            #expect(
                byKey.keys.sorted() == [
                    "job broken_job", "run broken-run", "run future-run", "run long-id-run", "subscriber broken_subscriber", "workflow broken_workflow",
                ])
            #expect(byKey["run long-id-run"]?["reason"]?.stringValue?.contains(longWorkflowId) == true)
            #expect(byKey["run future-run"]?["reason"]?.stringValue?.contains("format 99") == true)
            #expect(byKey["job broken_job"]?["reason"]?.stringValue?.contains("not valid JSON") == true)
            #expect(byKey["workflow broken_workflow"]?["reason"]?.stringValue?.isEmpty == false)
            #expect(records.allSatisfy { $0["since"]?.stringValue != nil })
            #expect(try database.bytes("SELECT snapshot FROM running_task WHERE id = 'future-run'") == Data(future.utf8))
        }
    }

    @Test func aRecordSavedAgainUnderTheIdOfOneSetAsideKeepsTheUnreadableCopyListed() async throws {
        let directory = try await TestCore.with { $0.directory }
        let database = TestDatabase(directory: directory)
        let broken = #"{"work": ["#
        try database.execute("INSERT INTO subscriber (id, subscriptions) VALUES ('worker', ?)", arguments: [broken])

        try await TestCore.with(directory: directory) { second in
            #expect(try await second.request(.POST, "/subscriber/worker/work").status == 200)
            #expect(try await second.request(.GET, "/subscriber/worker").json()["subscriptions"]?["work"] != nil)
            let records = try #require(try await second.request(.GET, "/system/set-aside").json().arrayValue)
            #expect(records.map { $0["id"] } == ["worker"])
            let kept = try database.bytes("SELECT record FROM set_aside_record WHERE kind = 'subscriber' AND id = 'worker'")
            #expect(kept == Data(broken.utf8))
            #expect(try await second.request(.DELETE, "/system/set-aside/subscriber/worker").status == 204)
            #expect(try await second.request(.GET, "/system/set-aside").json() == [])
            #expect(try await second.request(.DELETE, "/system/set-aside/subscriber/worker").status == 404)
            #expect(try await second.request(.DELETE, "/system/set-aside/nonsense/worker").status == 400)
        }
    }

    @Test func anUnreadableHistoryEntryIsLeftOutOfTheHistoryAndListed() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("nobody", "unheard")]) { core in
            let finished = try await core.run("nobody")
            _ = try await core.finishedRun(finished)
            try TestDatabase(directory: core.directory).execute(
                """
                INSERT INTO task_history (task_id, workflow_id, workflow_version, started_at, finished_at, errors, entry)
                VALUES ('broken-entry', 'nobody', 1, 1800000000, 1800000001, 0, '{"taskId": "broken-entry"}')
                """)

            let history = try await core.request(.GET, "/history?workflow=nobody")
            #expect(history.status == 200)
            #expect(try history.json().arrayValue?.compactMap { $0["task_id"]?.stringValue } == [finished])
            #expect(try await core.request(.GET, "/tasks/broken-entry").status == 404)
            let records = try #require(try await core.request(.GET, "/system/set-aside").json().arrayValue)
            #expect(records.map { $0["kind"] } == ["history"])
            #expect(records.first?["id"] == "broken-entry")
            #expect(records.first?["reason"]?.stringValue?.contains("workflowId") == true)
        }
    }

    @Test func columnsHoldingValuesOfTheWrongTypeAreLeftOutInsteadOfStoppingTheCore() async throws {
        let (directory, finished) = try await TestCore.with(workflows: [TestWorkflows.single("nobody", "unheard")]) { first in
            let finished = try await first.run("nobody")
            _ = try await first.finishedRun(finished)
            return (first.directory, finished)
        }
        try TestDatabase(directory: directory).execute(
            """
            INSERT INTO task_log (task_id, at, level, step, subscriber_id, message) VALUES (?, 'not a time', 'info', NULL, NULL, 'lost');
            INSERT INTO task_log (task_id, at, level, step, subscriber_id, message) VALUES (?, 1800000000, X'00', NULL, NULL, 'kept');
            INSERT INTO task_history (task_id, workflow_id, workflow_version, started_at, finished_at, errors, entry)
            VALUES ('odd-entry', 'odd', 1, 'soon', 1800000001, 0, '{}');
            INSERT INTO schedule_override (workflow_id, schedule) VALUES ('collect_and_cleanup', X'FF00');
            """, arguments: [finished, finished])

        try await TestCore.with(workflows: [TestWorkflows.single("nobody", "unheard")], directory: directory) { second in
            #expect(try await second.request(.GET, "/workflows/collect_and_cleanup").status == 200)
            let log = try await second.request(.GET, "/tasks/\(finished)/log")
            #expect(log.status == 200)
            let messages = try log.json().arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(messages == ["kept"])
            let summary = try await second.request(.GET, "/history/summary")
            #expect(summary.status == 200)
            #expect(try summary.json().arrayValue?.compactMap { $0["workflow"]?.stringValue } == ["nobody"])
        }
    }
}
