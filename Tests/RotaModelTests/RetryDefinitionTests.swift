import Foundation
import Testing

@testable import RotaModel

/// A step's `retry` policy and a `perform_action` step's `data`, as a definition writes them.
@Suite("Retry and action data in definitions")
struct RetryDefinitionTests {
    /// The problems of a one-step workflow whose step is `step`, as `path: message`.
    func errors(step: JSONValue) -> [String] {
        Workflow.definitionErrors(["id": "w", "steps": [step]])
    }

    func step(retry: JSONValue, action: JSONValue = ["message_type": "collect"]) -> JSONValue {
        ["name": "collect", "action": action, "retry": retry]
    }

    @Test func aRetryPolicyReadsWithItsDefaultsAndWritesBackTheSame() throws {
        let text = """
            id: w
            steps:
              - name: collect
                action: {message_type: collect}
                retry: {attempts: 3}
            """
        let workflow = try Workflow(text: text)
        #expect(workflow.steps[0].retry == RetryPolicy(attempts: 3, backoff: 10, factor: 2, maxBackoff: 300, jitter: 0))
        #expect(try Workflow(definition: workflow.json) == workflow)
        #expect(Workflow(id: "w", steps: [Step(name: "s", action: .performAction(messageType: "s"))]).json["steps"]?.arrayValue?[0]["retry"] == nil)
    }

    @Test func everyKeyIsRead() throws {
        let workflow = try Workflow(definition: [
            "id": "w", "steps": [step(retry: ["attempts": 5, "backoff": 1.5, "factor": 1, "max_backoff": 60, "jitter": 0.25])],
        ])
        #expect(workflow.steps[0].retry == RetryPolicy(attempts: 5, backoff: 1.5, factor: 1, maxBackoff: 60, jitter: 0.25))
        #expect(workflow.steps[0].attempts == 5)
    }

    static let nonsense: [(JSONValue, String)] = [
        (["attempts": 0], "steps[0].retry.attempts: is 0; it counts every try, from 1 to 100"),
        (["attempts": 101], "steps[0].retry.attempts: is 101; it counts every try, from 1 to 100"),
        (["attempts": 2.5], "steps[0].retry.attempts: must be a whole number, not 2.5"),
        (["attempts": "3"], "steps[0].retry.attempts: must be a whole number, not string"),
        ([:], "steps[0].retry.attempts: is required: how many times the step is tried, the first included"),
        (["attempts": 3, "backoff": -1], "steps[0].retry.backoff: is -1; a wait is 0 to 86400 seconds"),
        (["attempts": 3, "backoff": 1e300], "steps[0].retry.backoff: is 1e+300; a wait is 0 to 86400 seconds"),
        (["attempts": 3, "factor": 0.5], "steps[0].retry.factor: is 0.5; the factor is 1 to 10"),
        (["attempts": 3, "jitter": 2], "steps[0].retry.jitter: is 2; jitter is the share of a wait taken off it, 0 to 1"),
        (["attempts": 3, "backoff": 60, "max_backoff": 30], "steps[0].retry.max_backoff: is less than backoff (60); it caps every wait"),
        (["attempts": 3, "retries": 2], "steps[0].retry.retries: unknown key"),
        ("three", "steps[0].retry: must be an object, not string"),
    ]

    @Test(arguments: nonsense)
    func nonsenseIsRefusedWithItsPath(retry: JSONValue, expected: String) {
        let found = errors(step: step(retry: retry))
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test func aRetryOnAStepThatWaitsForAnEventIsRefused() {
        let found = errors(step: step(retry: ["attempts": 2], action: ["wait_for_message_type": "done"]))
        #expect(found.contains { $0.hasPrefix("steps[0].retry: is only allowed on a step with message_type or command") }, "\(found)")
    }

    @Test func actionDataIsReadAndWrittenInsideTheAction() throws {
        let workflow = try Workflow(definition: [
            "id": "w", "steps": [["name": "cleanup", "action": ["message_type": "cleanup", "data": ["filter": ["cloud": "aws", "account": "123"]]]]],
        ])
        #expect(workflow.steps[0].action == .performAction(messageType: "cleanup", data: ["filter": ["cloud": "aws", "account": "123"]]))
        #expect(try Workflow(definition: workflow.json) == workflow)
    }

    static let badActionData: [(JSONValue, String)] = [
        (["message_type": "cleanup", "data": "all"], "steps[0].action.data: must be an object, not string"),
        (["message_type": "cleanup", "data": ["attempt": 9]], "steps[0].action.data.attempt: is set by Rota in every action and cannot be given here"),
        (["message_type": "cleanup", "data": ["task": "x"]], "steps[0].action.data.task: is set by Rota in every action and cannot be given here"),
        (["command": "true", "data": ["a": 1]], "steps[0].action.data: is only allowed with message_type"),
    ]

    @Test(arguments: badActionData)
    func badActionDataIsRefusedWithItsPath(action: JSONValue, expected: String) {
        let found = errors(step: ["name": "cleanup", "action": action])
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test func actionDataBeyondItsLimitIsRefused() {
        let big = String(repeating: "x", count: DefinitionLimits.actionDataBytes)
        let found = errors(step: ["name": "cleanup", "action": ["message_type": "cleanup", "data": ["note": .string(big)]]])
        #expect(found.contains { $0.hasPrefix("steps[0].action.data: is \(DefinitionLimits.actionDataBytes + 11) bytes as JSON") }, "\(found)")
    }
}
