import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A job's id may be as long as a workflow's; the workflow it runs as (`job.` and its id) is
/// longer, and the rule for workflow ids admits it, so that its stored runs read back.
@Suite("The longest job id")
struct LongJobIdTests {
    @Test func theLongestJobIdRunsAndItsStoredRunSurvivesARestart() async throws {
        let id = String(repeating: "j", count: DefinitionLimits.idLength)
        let job: JSONValue = ["command": "events emit long_job_done", "trigger": ["message_type": "never"], "wait": ["message_type": "go"]]
        let (directory, taskId) = try await TestCore.with { first in
            #expect(try await first.request(.PUT, "/jobs/\(id)", json: job).status == 201)
            #expect(try await first.request(.PUT, "/jobs/\(id)j", json: job).status == 400)
            let started = try await first.request(.POST, "/jobs/\(id)/run").json()
            return (first.directory, try #require(started["task_id"]?.stringValue))
        }
        try await TestCore.with(directory: directory) { second in
            let running = try await second.request(.GET, "/tasks").json().arrayValue ?? []
            #expect(running.map { $0["task_id"]?.stringValue } == [taskId])
            #expect(running.first?["workflow"]?.stringValue == "job.\(id)")
            let events = try await TestActor.events(port: second.port)
            try events.send(.event(Event(messageType: "go", data: [:])))
            #expect(try await second.finishedRun(taskId)["success"] == true)
            await events.close()
        }
    }
}
