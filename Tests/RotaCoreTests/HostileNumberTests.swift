import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// Numbers that definitions and requests carry are refused outside their range with a 400 and
/// the path, so that no arithmetic on them traps; the largest accepted ones work end to end.
@Suite("Numbers out of range in definitions and requests")
struct HostileNumberTests {
    /// The path of the first problem of a 400 answer.
    static func refusedPath(_ response: APIResponse) throws -> String? {
        #expect(response.status == 400)
        let body = try response.json()
        return body["errors"]?.arrayValue?.first?["path"]?.stringValue ?? body["path"]?.stringValue
    }

    /// Timeouts out of range that JSON can write (it has no NaN and no infinity, and the core's
    /// reader refuses a number beyond a Double, such as 1e400, as not JSON).
    static let outOfRange = ["1e19", "1e300", "-1", "0", "604800.5"]

    @Test func timeoutsOfWorkflowsAndJobsOutOfRangeAreRefusedWithTheirPath() async throws {
        try await TestCore.with { core in
            for timeout in Self.outOfRange {
                let workflow = #"{"steps": [{"name": "s", "action": {"message_type": "a"}, "timeout": \#(timeout)}]}"#
                let refused = try await core.request(.PUT, "/workflows/hostile", body: workflow, contentType: "application/json")
                #expect(try Self.refusedPath(refused) == "steps[0].timeout", "timeout \(timeout)")
                let job = #"{"command": "events emit e", "trigger": {"message_type": "t"}, "timeout": \#(timeout)}"#
                #expect(try Self.refusedPath(try await core.request(.PUT, "/jobs/hostile", body: job, contentType: "application/json")) == "timeout")
                let wait = #"{"command": "events emit e", "trigger": {"message_type": "t"}, "wait": {"message_type": "w", "timeout": \#(timeout)}}"#
                #expect(try Self.refusedPath(try await core.request(.PUT, "/jobs/hostile", body: wait, contentType: "application/json")) == "wait.timeout")
            }
            for timeout in [".nan", ".inf", "1e19"] {
                let yaml = "steps:\n  - name: s\n    action: {message_type: a}\n    timeout: \(timeout)\n"
                let refused = try await core.request(.PUT, "/workflows/hostile", body: yaml, contentType: "application/yaml")
                #expect(try Self.refusedPath(refused) == "steps[0].timeout", "timeout \(timeout)")
            }
            #expect(try await core.request(.GET, "/workflows/hostile").status == 404)
            #expect(try await core.request(.GET, "/jobs/hostile").status == 404)
        }
    }

    @Test func subscriptionTimeoutsOutOfRangeAreRefusedAndTheLongestIsTaken() async throws {
        try await TestCore.with { core in
            for timeout in Self.outOfRange + ["1e400", "nan", "inf", "-inf"] {
                let refused = try await core.request(.POST, "/subscriber/hostile/a?timeout=\(timeout)")
                #expect(try Self.refusedPath(refused) == "timeout", "timeout \(timeout)")
            }
            for timeout in Self.outOfRange {
                let body = #"[{"message_type": "a", "timeout": \#(timeout)}]"#
                let replaced = try await core.request(.PUT, "/subscriber/hostile", body: body, contentType: "application/json")
                #expect(try Self.refusedPath(replaced) == "[0].timeout", "timeout \(timeout)")
            }
            #expect(try await core.request(.POST, "/subscriber/hostile/a?timeout=604800").status == 200)
            let longest = try await core.request(.PUT, "/subscriber/hostile", body: #"[{"message_type": "b", "timeout": 604800}]"#, contentType: "application/json")
            #expect(longest.status == 200)
            #expect(try longest.json()["subscriptions"]?["b"]?["timeout"] == 604800)
        }
    }

    @Test func aJobWhoseWebhookHasTheLongestTimeoutPostsIt() async throws {
        try await TestCore.with { core in
            let hook = "http://127.0.0.1:\(core.port)/subscriber/hooked/pinged"
            let job: JSONValue = ["command": .string("http post \(hook)"), "trigger": ["message_type": "never"], "timeout": 604_800]
            #expect(try await core.request(.PUT, "/jobs/hook", json: job).status == 201)
            let taskId = try #require(try await core.request(.POST, "/jobs/hook/run").json()["task_id"]?.stringValue)
            #expect(try await core.finishedRun(taskId)["success"] == true)
            #expect(try await core.request(.GET, "/subscriber/hooked").status == 200)
        }
    }

    @Test func aWebhooksTimeoutConvertsWhateverWasStored() {
        #expect(OperationRunner.timeAmount(1e19) == .seconds(604_800))
        #expect(OperationRunner.timeAmount(.infinity) == .seconds(604_800))
        #expect(OperationRunner.timeAmount(.nan) == .seconds(604_800))
        #expect(OperationRunner.timeAmount(0.2) == .seconds(1))
        #expect(OperationRunner.timeAmount(90) == .seconds(90))
    }
}
