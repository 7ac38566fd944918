import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `POST /workflows/{id}/run` and `POST /jobs/{id}/run` with a body `{"input": {...}}`: the input
/// reaches the run, and every body or input that cannot be taken is refused with its path.
@Suite("Run inputs through the API")
struct RunInputRouteTests {
    /// A workflow of one `collect` step that declares a required `account` and an optional `limit`.
    static let declaring = Workflow(
        id: "collect-one", steps: [.performing("collect", timeout: 60)],
        inputs: ["account": InputDeclaration(type: .string, required: true), "limit": InputDeclaration(type: .integer)])

    /// A workflow of one `collect` step that declares no inputs.
    static let open = Workflow(id: "collect-any", steps: [.performing("collect", timeout: 60)])

    func withCore(_ body: (TestCore) async throws -> Void) async throws {
        try await TestCore.with(workflows: [Self.declaring, Self.open], body)
    }

    /// The refusal of a run request: its status, code, path and every problem's path.
    struct Refusal: Equatable, CustomStringConvertible {
        var status: Int
        var code: String?
        var path: String?
        var paths: [String] = []

        var description: String { "\(status) \(code ?? "-") \(path ?? "-") \(paths)" }
    }

    func refusal(_ response: APIResponse) throws -> Refusal {
        let answer = try response.json()
        return Refusal(
            status: response.status, code: answer["error"]?.stringValue, path: answer["path"]?.stringValue,
            paths: answer["errors"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? [])
    }

    @Test func declaredInputsAreAcceptedAndReachTheRunAndItsActions() async throws {
        try await withCore { core in
            let actor = try await core.actor("collector", subscribesTo: ["collect"])
            let response = try await core.request(.POST, "/workflows/collect-one/run", json: ["input": ["account": "123456789012", "limit": 5]])
            #expect(response.status == 200, "\(response.text)")
            let taskId = try #require(try response.json()["task_id"]?.stringValue)
            let action = try await actor.nextAction()
            #expect(action.data["input"] == ["account": "123456789012", "limit": 5])
            #expect(try await core.request(.GET, "/tasks/\(taskId)").json()["input"] == ["account": "123456789012", "limit": 5])
            try actor.done(action)
            let finished = try await core.finishedRun(taskId)
            #expect(finished["input"] == ["account": "123456789012", "limit": 5])
            await actor.close()
        }
    }

    @Test func theWorkflowShowsItsDeclaredInputs() async throws {
        try await withCore { core in
            let shown = try await core.request(.GET, "/workflows/collect-one").json()
            #expect(shown["inputs"] == ["account": ["type": "string", "required": true], "limit": ["type": "integer", "required": false]])
            #expect(try await core.request(.GET, "/workflows/collect-any").json()["inputs"] == [:])
            let definition: JSONValue = [
                "steps": [["name": "collect", "action": ["message_type": "collect"]]],
                "inputs": ["account": ["type": "string", "required": true, "description": "The account to collect"]],
            ]
            let put = try await core.request(.PUT, "/workflows/mine", json: definition)
            #expect(put.status == 201, "\(put.text)")
            #expect(try put.json()["inputs"] == ["account": ["type": "string", "required": true, "description": "The account to collect"]])
            let refused = try await core.request(.PUT, "/workflows/mine", json: ["steps": definition["steps"]!, "inputs": ["account": ["type": "text"]]])
            #expect(refused.status == 400)
            #expect(try refused.json()["path"] == "inputs.account.type")
        }
    }

    @Test func noBodyAndAnEmptyBodyStartARunWithoutInput() async throws {
        try await withCore { core in
            let actor = try await core.actor("collector", subscribesTo: ["collect"])
            for body in [nil, "", " \n"] as [String?] {
                let response = try await core.client().request(.POST, "/workflows/collect-any/run", body: body, contentType: "application/json")
                #expect(response.status == 200, "\(response.text)")
                let action = try await actor.nextAction()
                #expect(action.data["input"] == [:])
                try actor.done(action)
                _ = try await core.finishedRun(try #require(try response.json()["task_id"]?.stringValue))
            }
            await actor.close()
        }
    }

    @Test func aWorkflowDeclaringNoInputsTakesAnyObject() async throws {
        try await withCore { core in
            let input: JSONValue = ["anything": ["nested": [1, 2.5, "three"]], "flag": true]
            let response = try await core.request(.POST, "/workflows/collect-any/run", json: ["input": input])
            #expect(response.status == 200, "\(response.text)")
            let taskId = try #require(try response.json()["task_id"]?.stringValue)
            #expect(try await core.request(.GET, "/tasks/\(taskId)").json()["input"] == input)
        }
    }

    @Test(arguments: [
        (#"{"input": {}}"#, Refusal(status: 400, code: "invalid_input", path: "input.account", paths: ["input.account"])),
        (#"{"input": {"account": 123}}"#, Refusal(status: 400, code: "invalid_input", path: "input.account", paths: ["input.account"])),
        (#"{"input": {"account": "1", "limit": 1.5}}"#, Refusal(status: 400, code: "invalid_input", path: "input.limit", paths: ["input.limit"])),
        (#"{"input": {"account": "1", "acount": "2"}}"#, Refusal(status: 400, code: "invalid_input", path: "input.acount", paths: ["input.acount"])),
        (#"{"input": {"limit": "x", "zone": 1}}"#,
         Refusal(status: 400, code: "invalid_input", path: "input.account", paths: ["input.account", "input.limit", "input.zone"])),
    ])
    func anInputTheWorkflowRefusesIsA400WithEveryPath(_ body: String, _ expected: Refusal) async throws {
        try await withCore { core in
            let response = try await core.client().request(.POST, "/workflows/collect-one/run", body: body, contentType: "application/json")
            #expect(try refusal(response) == expected, "\(response.text)")
            #expect(try await core.request(.GET, "/tasks").json() == [], "no run starts")
        }
    }

    @Test func theMessageSaysWhatIsWrongWithTheInput() async throws {
        try await withCore { core in
            let response = try await core.request(.POST, "/workflows/collect-one/run", json: ["input": ["account": 123, "zone": "a"]])
            let answer = try response.json()
            #expect(
                answer["errors"] == [
                    ["path": "input.account", "message": "must be a string, not a number"],
                    ["path": "input.zone", "message": "is not an input of workflow collect-one; it takes account, limit"],
                ])
            #expect(answer["message"]?.stringValue?.hasPrefix("the input has 2 problems: input.account: must be a string, not a number") == true)
        }
    }

    @Test(arguments: [
        ("{\"input\": ", Refusal(status: 400, code: "bad_request", path: "body")),
        ("account=1", Refusal(status: 400, code: "bad_request", path: "body")),
        ("[1]", Refusal(status: 400, code: "bad_request", path: "body")),
        ("\"input\"", Refusal(status: 400, code: "bad_request", path: "body")),
        ("null", Refusal(status: 400, code: "bad_request", path: "body")),
        (#"{"input": "account=1"}"#, Refusal(status: 400, code: "bad_request", path: "input")),
        (#"{"input": [1, 2]}"#, Refusal(status: 400, code: "bad_request", path: "input")),
        (#"{"input": {}, "reason": "now"}"#, Refusal(status: 400, code: "bad_request", path: "reason")),
        (#"{"inputs": {"account": "1"}}"#, Refusal(status: 400, code: "bad_request", path: "inputs")),
        (#"{"input": {"a": 1, "a": 2}}"#, Refusal(status: 400, code: "bad_request", path: "body")),
    ])
    func aBodyThatIsNotARunRequestIsA400WithItsPath(_ body: String, _ expected: Refusal) async throws {
        try await withCore { core in
            for workflow in ["collect-any", "collect-one"] {
                let response = try await core.client().request(.POST, "/workflows/\(workflow)/run", body: body, contentType: "application/json")
                #expect(try refusal(response) == expected, "\(workflow): \(response.text)")
            }
            #expect(try await core.request(.GET, "/tasks").json() == [], "no run starts")
        }
    }

    @Test func anInputOfAtMost64KiBIsTakenAndOneByteMoreIsRefused() async throws {
        try await withCore { core in
            // {"v":"…"} is 8 bytes around the text.
            let largest: JSONValue = ["v": .string(String(repeating: "x", count: RunInput.maximumBytes - 8))]
            let taken = try await core.request(.POST, "/workflows/collect-any/run", json: ["input": largest])
            #expect(taken.status == 200, "\(taken.text)")
            let tooLarge: JSONValue = ["v": .string(String(repeating: "x", count: RunInput.maximumBytes - 7))]
            let refused = try await core.request(.POST, "/workflows/collect-any/run", json: ["input": tooLarge])
            #expect(try refusal(refused) == Refusal(status: 400, code: "invalid_input", path: "input", paths: ["input"]))
            #expect(try refused.json()["message"]?.stringValue?.contains("65537 bytes as JSON; at most 65536") == true)
        }
    }

    @Test func aBodyLargerThanMaxBodySizeIsA413() async throws {
        try await TestCore.with(workflows: [Self.open], configure: { $0.maxBodySize = 1 << 10 }) { core in
            let body = #"{"input": {"v": ""# + String(repeating: "x", count: 1 << 10) + #""}}"#
            let response = try await core.client().request(.POST, "/workflows/collect-any/run", body: body, contentType: "application/json")
            #expect(response.status == 413)
            #expect(try response.json()["error"] == "body_too_large")
        }
    }

    @Test func aDeeplyNestedInputIsRefused() async throws {
        try await withCore { core in
            func nested(_ levels: Int) -> String { String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels) }
            func run(_ workflowId: String, body: String) async throws -> APIResponse {
                try await core.client().request(.POST, "/workflows/\(workflowId)/run", body: body, contentType: "application/json")
            }
            // The input object is one level and the number another: 30 arrays make the 32 a definition allows.
            let deepest = try await run("collect-any", body: #"{"input": {"v": "# + nested(DefinitionLimits.valueDepth - 2) + "}}")
            #expect(deepest.status == 200, "\(deepest.text)")
            let tooDeep = try await run("collect-any", body: #"{"input": {"v": "# + nested(DefinitionLimits.valueDepth - 1) + "}}")
            #expect(try refusal(tooDeep) == Refusal(status: 400, code: "invalid_input", path: "input", paths: ["input"]))
            let unreadable = try await run("collect-any", body: #"{"input": {"v": "# + nested(10_000) + "}}")
            #expect(try refusal(unreadable) == Refusal(status: 400, code: "bad_request", path: "body"))
        }
    }

    @Test func theSameRequestTwiceStartsTwoRunsWithTheSameInput() async throws {
        try await withCore { core in
            let actor = try await core.actor("collector", subscribesTo: ["collect"])
            let request: JSONValue = ["input": ["account": "123456789012"]]
            let first = try await core.request(.POST, "/workflows/collect-one/run", json: request)
            let second = try await core.request(.POST, "/workflows/collect-one/run", json: request)
            #expect(first.status == 200, "\(first.text)")
            #expect(second.status == 202, "\(second.text)")
            #expect(try second.json()["status"] == "queued")
            var taskIds: [String] = []
            for response in [first, second] { taskIds.append(try #require(try response.json()["task_id"]?.stringValue)) }
            #expect(taskIds[0] != taskIds[1])
            for taskId in taskIds {
                let action = try await actor.nextAction()
                #expect(action.data["task"]?.stringValue == taskId)
                #expect(action.data["input"] == ["account": "123456789012"])
                try actor.done(action)
                #expect(try await core.finishedRun(taskId)["input"] == ["account": "123456789012"])
            }
            await actor.close()
        }
    }

    @Test func aJobRunTakesAnInputToo() async throws {
        try await withCore { core in
            let job: JSONValue = ["command": "events emit collected", "trigger": ["message_type": "never"]]
            #expect(try await core.request(.PUT, "/jobs/note", json: job).status == 201)
            let started = try await core.request(.POST, "/jobs/note/run", json: ["input": ["account": "123"]])
            #expect(started.status == 200, "\(started.text)")
            let taskId = try #require(try started.json()["task_id"]?.stringValue)
            #expect(try await core.finishedRun(taskId)["input"] == ["account": "123"])
            let refused = try await core.client().request(.POST, "/jobs/note/run", body: #"{"input": 1}"#, contentType: "application/json")
            #expect(try refusal(refused) == Refusal(status: 400, code: "bad_request", path: "input"))
        }
    }
}
