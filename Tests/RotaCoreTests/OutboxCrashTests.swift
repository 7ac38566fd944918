import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A core killed between storing a batch and publishing it loses neither the events of the batch
/// nor a queued run: both are stored with the state that caused them, and published or kept on
/// start.
@Suite("A crash between commit and publish loses nothing")
struct OutboxCrashTests {
    /// A workflow with one step the actor `a` performs, queued under `Wait`, and a workflow that
    /// any `task_end` starts and that ends at once (nobody performs its step).
    static let definitions: [(String, JSONValue)] = [
        ("/workflows/w", ["steps": [["name": "work", "action": ["message_type": "work"]]], "on_surpass": "Wait"]),
        (
            "/workflows/followup",
            [
                "steps": [["name": "note", "action": ["message_type": "nobody_performs_this"]]],
                "triggers": [["message_type": "task_end"]],
            ]
        ),
    ]

    @Test func theStoredTaskEndIsPublishedOnStartAndTheQueuedRunKeepsItsId() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-outbox-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("rota.db").path

        let (active, queued) = try await RotaProcess.withCore(["--db", database]) { first in
            let client = CoreClient(port: first.port)
            for (path, definition) in Self.definitions { #expect(try await client.request(.PUT, path, json: definition).status < 300) }
            #expect(try await client.request(.POST, "/subscriber/a/work").status == 200)
            let active = try await client.run("w")
            let second = try await client.request(.POST, "/workflows/w/run").json()
            #expect(second["status"] == "queued")
            let queued = try #require(second["task_id"]?.stringValue, "a queued run has its id at once")
            #expect(try await client.request(.GET, "/tasks/\(queued)").json()["state"] == "queued")
            await first.kill()
            return (active, queued)
        }

        try await RotaProcess.withCore(["--db", database], environment: ["ROTA_EXIT_AFTER_COMMIT": "task_end"]) { second in
            let client = CoreClient(port: second.port)
            #expect(try await client.request(.GET, "/tasks/\(queued)").json()["state"] == "queued", "the queued run survived the kill")
            let actor = try await TestActor.connect(port: second.port, id: "a")
            let owed = try await actor.nextAction()
            #expect(owed.actionMessage?.task == active)
            try actor.done(owed)
            let ending = await second.process.waitUntilExit()
            #expect(ending == .exited(code: 86), "the core ends right after storing the batch with task_end")
            await actor.close()
        }

        try await RotaProcess.withCore(["--db", database]) { third in
            let client = CoreClient(port: third.port)
            #expect(third.log.contains("publishing"), "the stored messages are published on start")
            let activeEntry = try await client.finishedRun(active)
            #expect(activeEntry["success"] == true)
            try await eventually("the stored task_end starts the followup workflow") {
                try await client.request(.GET, "/history?workflow=followup").json().arrayValue?.isEmpty == false
            }
            let history = try await client.request(.GET, "/history?workflow=followup").json().arrayValue ?? []
            #expect(history.count == 1, "the task_end stored before the crash started the followup workflow once")
            let actor = try await TestActor.connect(port: third.port, id: "a")
            let action = try await actor.nextAction()
            #expect(action.actionMessage?.task == queued, "the queued run started with the id it was given when queued")
            try actor.done(action)
            let queuedEntry = try await client.finishedRun(queued)
            #expect(queuedEntry["success"] == true)
            await actor.close()
        }
    }
}
