import Foundation
import Testing

@testable import RotaModel

@Suite("Workflow definitions")
struct WorkflowDefinitionTests {
    /// The example of `docs/PROTOCOL.md`, "Workflow definition JSON".
    let protocolExample = """
        {"id": "collect", "name": "collect", "on_surpass": "Wait", "environment": {},
         "triggers": [{"message_type": "start_collect_workflow", "filter_data": null},
                      {"cron_expression": "0 * * * *"}],
         "steps": [{"name": "collect", "action": {"message_type": "collect"}, "timeout": 10, "on_error": "Continue"}]}
        """

    /// A valid definition tree with `change` applied, for the table of broken ones.
    func definition(_ change: (inout [String: JSONValue]) -> Void) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": "nightly",
            "steps": [
                ["name": "first", "action": ["message_type": "collect"], "timeout": 30],
                ["name": "second", "action": ["command": "workflows run metrics"]],
            ],
            "triggers": [["cron_expression": "0 3 * * *"]],
        ]
        change(&object)
        return .object(object)
    }

    func errors(_ value: JSONValue) -> [String] {
        Workflow.definitionErrors(value)
    }

    @Test func protocolExampleReadsAsWritten() throws {
        let workflow = try Workflow(text: protocolExample)
        #expect(workflow.id == "collect")
        #expect(workflow.onSurpass == .wait)
        #expect(workflow.triggers == [.event(messageType: "start_collect_workflow", filter: nil), .cron(try CronExpression(parsing: "0 * * * *"))])
        #expect(workflow.steps == [Step(name: "collect", action: .performAction(messageType: "collect"), timeout: 10, onError: .continue)])
    }

    @Test func writtenJSONReadsBackTheSame() throws {
        let workflow = try Workflow(text: protocolExample)
        let data = try JSONEncoder().encode(workflow)
        #expect(try JSONDecoder().decode(Workflow.self, from: data) == workflow)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == DefinitionDocument.parse(protocolExample))
    }

    @Test func yamlUsesTheSameKeys() throws {
        let yaml = """
            id: nightly-cleanup
            name: Nightly cleanup
            on_surpass: Skip
            environment:
              account: "123"
            triggers:
              - cron_expression: "0 3 * * *"
              - message_type: cleanup_requested
                filter_data: {account: "123"}
            steps:
              - name: wait
                action: {wait_for_message_type: collect_done, filter_data: {cloud: aws}}
                timeout: 600
                on_error: Stop
              - name: announce
                action:
                  event: {message_type: cleanup_starting, data: {dry_run: true, batch: 10}}
              - name: cleanup
                action: {message_type: cleanup}
                timeout: 1.5
              - name: notify
                action: {command: "http post https://hooks.example/x"}
            """
        let workflow = try Workflow(text: yaml)
        #expect(workflow.name == "Nightly cleanup")
        #expect(workflow.onSurpass == .skip)
        #expect(workflow.environment == ["account": "123"])
        #expect(workflow.triggers.last == .event(messageType: "cleanup_requested", filter: ["account": "123"]))
        #expect(workflow.steps.map(\.action) == [
            .waitForEvent(messageType: "collect_done", filter: ["cloud": "aws"]),
            .emitEvent(Event(messageType: "cleanup_starting", data: ["dry_run": true, "batch": 10])),
            .performAction(messageType: "cleanup"),
            .executeCommand("http post https://hooks.example/x"),
        ])
        #expect(workflow.steps.map(\.timeout) == [600, Step.defaultTimeout, 1.5, Step.defaultTimeout])
        #expect(workflow.steps[0].onError == .stop)
    }

    @Test func defaultsApplyWhereTheDefinitionIsSilent() throws {
        let workflow = try Workflow(definition: ["id": "w", "steps": [["name": "s", "action": ["message_type": "m"]]]])
        #expect(workflow.name == "w")
        #expect(workflow.onSurpass == .wait)
        #expect(workflow.triggers.isEmpty)
        #expect(workflow.steps[0].timeout == 60)
        #expect(workflow.steps[0].onError == .continue)
    }

    @Test(arguments: [
        ("no steps", ["steps: must hold at least one step"]),
        ("missing steps", ["steps: is required"]),
        ("duplicate names", ["steps[1].name: \"first\" is already the name of steps[0]; step names must be unique"]),
        ("negative timeout", ["steps[0].timeout: must be > 0"]),
        ("zero timeout", ["steps[0].timeout: must be > 0"]),
        ("bad id", ["id: \"no spaces\" is not a valid id: use up to 128 letters, digits, '_', '-' and '.', starting with a letter or digit"]),
        ("unknown key", ["steps[0].retries: unknown key (expected one of: name, action, timeout, on_error, retry)"]),
        ("unknown top key", ["schedule: unknown key (expected one of: id, name, steps, triggers, on_surpass, environment, inputs)"]),
        ("two actions", ["steps[0].action: has message_type and command; a step does exactly one thing"]),
        ("no action", ["steps[0].action: is required"]),
        ("bad surpass", ["on_surpass: \"Queue\" is not one of Skip, Wait, Replace, Parallel"]),
        ("bad on_error", ["steps[0].on_error: \"Retry\" is not one of Continue, Stop"]),
        ("impossible cron", ["triggers[0].cron_expression: \"0 0 30 2 *\" never fires: no month has such a day"]),
        ("trigger without kind", ["triggers[0]: needs cron_expression (a schedule) or message_type (an event)"]),
        ("filter not an object", ["triggers[0].filter_data: must be an object or null, not string"]),
        ("timeout as text", ["steps[0].timeout: must be a number of seconds, not string"]),
    ])
    func brokenDefinitionIsReportedWithItsPath(_ name: String, _ expected: [String]) {
        let broken: [String: (inout [String: JSONValue]) -> Void] = [
            "no steps": { $0["steps"] = [] },
            "missing steps": { $0["steps"] = nil },
            "duplicate names": { $0["steps"] = [["name": "first", "action": ["message_type": "a"]], ["name": "first", "action": ["message_type": "b"]]] },
            "negative timeout": { $0["steps"] = [["name": "s", "action": ["message_type": "a"], "timeout": -5]] },
            "zero timeout": { $0["steps"] = [["name": "s", "action": ["message_type": "a"], "timeout": 0]] },
            "bad id": { $0["id"] = "no spaces" },
            "unknown key": { $0["steps"] = [["name": "s", "action": ["message_type": "a"], "retries": 3]] },
            "unknown top key": { $0["schedule"] = "hourly" },
            "two actions": { $0["steps"] = [["name": "s", "action": ["message_type": "a", "command": "x"]]] },
            "no action": { $0["steps"] = [["name": "s"]] },
            "bad surpass": { $0["on_surpass"] = "Queue" },
            "bad on_error": { $0["steps"] = [["name": "s", "action": ["message_type": "a"], "on_error": "Retry"]] },
            "impossible cron": { $0["triggers"] = [["cron_expression": "0 0 30 2 *"]] },
            "trigger without kind": { $0["triggers"] = [["filter_data": nil]] },
            "filter not an object": { $0["triggers"] = [["message_type": "go", "filter_data": "x"]] },
            "timeout as text": { $0["steps"] = [["name": "s", "action": ["message_type": "a"], "timeout": "10s"]] },
        ]
        #expect(errors(definition(broken[name]!)) == expected, "\(name)")
    }

    @Test func invalidCronExpressionSaysWhatIsWrong() {
        let found = errors(definition { $0["triggers"] = [["cron_expression": "61 * * * *"]] })
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("triggers[0].cron_expression: ") == true)
        #expect(found.first?.contains("61") == true)
    }

    @Test func everyErrorIsReportedNotOnlyTheFirst() {
        let found = errors(definition {
            $0["id"] = ""
            $0["on_surpass"] = "Later"
            $0["steps"] = [
                ["name": "a", "action": ["message_type": "x"], "timeout": -1],
                ["name": "a", "action": ["message_type": "y"]],
                ["action": ["message_type": "z"]],
            ]
            $0["triggers"] = [["cron_expression": "0 0 31 4 *"]]
        })
        #expect(found == [
            "id: must not be empty",
            "on_surpass: \"Later\" is not one of Skip, Wait, Replace, Parallel",
            "steps[0].timeout: must be > 0",
            "steps[1].name: \"a\" is already the name of steps[0]; step names must be unique",
            "steps[2].name: is required",
            "triggers[0].cron_expression: \"0 0 31 4 *\" never fires: no month has such a day",
        ])
    }

    @Test func workflowBuiltInCodeIsValidatedTheSameWay() {
        let workflow = Workflow(id: "w", steps: [.performing("a", timeout: -1), .performing("a", timeout: 5)])
        #expect(workflow.validationErrors.map(\.description) == [
            "steps[0].timeout: must be > 0",
            "steps[1].name: \"a\" is already the name of steps[0]; step names must be unique",
        ])
    }

    @Test func syntaxErrorsAndEmptyDocumentsAreReported() {
        #expect(throws: InvalidDefinition.self) { try Workflow(text: "id: [unclosed") }
        #expect(throws: InvalidDefinition(errors: [DefinitionError(path: "", message: "the document is empty")])) { try Workflow(text: "") }
        #expect(throws: InvalidDefinition(errors: [DefinitionError(path: "", message: "must be an object, not array")])) { try Workflow(text: "[1, 2]") }
    }
}

@Suite("Job definitions")
struct JobDefinitionTests {
    @Test func jobReadsWithItsWaitAndWritesBackTheSame() throws {
        let text = """
            {"id": "notify", "command": "http post https://hooks.example/done", "active": false, "timeout": 30,
             "trigger": {"message_type": "task_end", "filter_data": {"success": false}},
             "wait": {"message_type": "collect_done", "filter_data": null, "timeout": 120}}
            """
        let job = try Job(definition: DefinitionDocument.parse(text))
        #expect(job == Job(
            id: "notify", command: "http post https://hooks.example/done", trigger: .event(messageType: "task_end", filter: ["success": false]),
            wait: Job.Wait(messageType: "collect_done", timeout: 120), timeout: 30, active: false))
        #expect(try JSONDecoder().decode(Job.self, from: JSONEncoder().encode(job)) == job)
    }

    @Test func brokenJobReportsEveryProblem() {
        #expect(throws: InvalidDefinition(errors: [
            DefinitionError(path: "command", message: "is required"),
            DefinitionError(path: "timeout", message: "must be > 0"),
            DefinitionError(path: "trigger.cron_expression", message: "\"0 0 30 2 *\" never fires: no month has such a day"),
        ])) {
            try Job(definition: ["id": "j", "timeout": -1, "trigger": ["cron_expression": "0 0 30 2 *"]])
        }
    }
}
