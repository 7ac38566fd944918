import Foundation
import Testing

@testable import RotaModel

/// Each limit of `DefinitionLimits` and `TimeoutRange` at its boundary: the largest value
/// accepted, the smallest refused, with the path of the offending field.
@Suite("What a definition may hold")
struct DefinitionLimitTests {
    /// A valid workflow of one step with `change` applied.
    func workflow(_ change: (inout [String: JSONValue]) -> Void = { _ in }) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": "limits",
            "steps": [["name": "only", "action": ["message_type": "collect"]]],
        ]
        change(&object)
        return .object(object)
    }

    /// A workflow whose one step is `step`.
    func workflow(step: JSONValue) -> JSONValue {
        workflow { $0["steps"] = [step] }
    }

    /// A valid job with `change` applied.
    func job(_ change: (inout [String: JSONValue]) -> Void = { _ in }) -> JSONValue {
        var object: [String: JSONValue] = ["id": "limits", "command": "events emit done", "trigger": ["message_type": "go"]]
        change(&object)
        return .object(object)
    }

    func workflowErrors(_ value: JSONValue) -> [DefinitionError] {
        do {
            _ = try Workflow(definition: value)
            return []
        } catch {
            return error.errors
        }
    }

    func jobErrors(_ value: JSONValue) -> [DefinitionError] {
        do {
            _ = try Job(definition: value)
            return []
        } catch {
            return error.errors
        }
    }

    static let outsideTheTimeoutRange: [Double] = [1e19, 1e300, -1, 0, .infinity, -.infinity, .nan, 604_800.5, 9.3e18]

    // MARK: - Timeouts

    @Test(arguments: outsideTheTimeoutRange)
    func stepTimeoutOutsideTheRangeIsRefusedWithItsPath(seconds: Double) {
        let errors = workflowErrors(workflow(step: ["name": "s", "action": ["message_type": "a"], "timeout": .double(seconds)]))
        #expect(errors.map(\.path) == ["steps[0].timeout"])
    }

    @Test(arguments: outsideTheTimeoutRange)
    func jobTimeoutsOutsideTheRangeAreRefusedWithTheirPaths(seconds: Double) {
        let errors = jobErrors(
            job {
                $0["timeout"] = .double(seconds)
                $0["wait"] = ["message_type": "ready", "timeout": .double(seconds)]
            })
        #expect(errors.map(\.path) == ["timeout", "wait.timeout"])
    }

    @Test func aTimeoutTooLongNamesTheLongestAccepted() {
        let errors = workflowErrors(workflow(step: ["name": "s", "action": ["message_type": "a"], "timeout": 1e19]))
        #expect(errors.map(\.description) == ["steps[0].timeout: must be at most 604800 seconds (7 days), not 1e+19"])
    }

    @Test func theLongestTimeoutIsAcceptedEverywhere() throws {
        let week = TimeoutRange.maximum
        #expect(week == 604_800)
        let read = try Workflow(definition: workflow(step: ["name": "s", "action": ["message_type": "a"], "timeout": .number(week)]))
        #expect(read.steps[0].timeout == week)
        let job = try Job(
            definition: job {
                $0["timeout"] = .number(week)
                $0["wait"] = ["message_type": "ready", "timeout": .number(week)]
            })
        #expect(job.timeout == week)
        #expect(job.wait?.timeout == week)
    }

    @Test func theShortestTimeoutsStayValid() throws {
        let read = try Workflow(definition: workflow(step: ["name": "s", "action": ["message_type": "a"], "timeout": 0.001]))
        #expect(read.steps[0].timeout == 0.001)
    }

    @Test func clampingKeepsStoredTimeoutsInsideTheRange() {
        #expect(TimeoutRange.clamped(1e19) == TimeoutRange.maximum)
        #expect(TimeoutRange.clamped(.infinity) == TimeoutRange.maximum)
        #expect(TimeoutRange.clamped(.nan) == TimeoutRange.maximum)
        #expect(TimeoutRange.clamped(-5) == 0)
        #expect(TimeoutRange.clamped(60) == 60)
    }

    // MARK: - Counts

    func steps(_ count: Int) -> JSONValue {
        .array((0..<count).map { ["name": .string("s\($0)"), "action": ["message_type": "a"]] })
    }

    @Test func aThousandStepsAreAcceptedAndOneMoreIsNot() throws {
        #expect(try Workflow(definition: workflow { $0["steps"] = steps(1_000) }).steps.count == 1_000)
        let errors = workflowErrors(workflow { $0["steps"] = steps(1_001) })
        #expect(errors.map(\.description) == ["steps: has 1001 elements; at most 1000 are allowed"])
    }

    @Test func aHundredTriggersAreAcceptedAndOneMoreIsNot() throws {
        func triggers(_ count: Int) -> JSONValue { .array((0..<count).map { ["message_type": .string("t\($0)")] }) }
        #expect(try Workflow(definition: workflow { $0["triggers"] = triggers(100) }).triggers.count == 100)
        let errors = workflowErrors(workflow { $0["triggers"] = triggers(101) })
        #expect(errors.map(\.description) == ["triggers: has 101 elements; at most 100 are allowed"])
    }

    // MARK: - Texts

    /// A text of `bytes` bytes that starts with `prefix`.
    func text(_ prefix: String, bytes: Int) -> String {
        prefix + String(repeating: "x", count: bytes - prefix.utf8.count)
    }

    @Test func messageTypesHoldUpTo256Bytes() throws {
        let longest = text("a", bytes: 256)
        for definition in [
            workflow(step: ["name": "s", "action": ["message_type": .string(longest)]]),
            workflow(step: ["name": "s", "action": ["wait_for_message_type": .string(longest)]]),
            workflow(step: ["name": "s", "action": ["event": ["message_type": .string(longest)]]]),
            workflow { $0["triggers"] = [["message_type": .string(longest)]] },
        ] {
            #expect(workflowErrors(definition).isEmpty)
        }
        let tooLong = text("a", bytes: 257)
        #expect(
            workflowErrors(workflow(step: ["name": "s", "action": ["message_type": .string(tooLong)]])).map(\.description) == [
                "steps[0].action.message_type: is 257 bytes long; at most 256 are allowed"
            ])
        #expect(workflowErrors(workflow(step: ["name": "s", "action": ["wait_for_message_type": .string(tooLong)]])).map(\.path) == [
            "steps[0].action.wait_for_message_type"
        ])
        #expect(workflowErrors(workflow(step: ["name": "s", "action": ["event": ["message_type": .string(tooLong)]]])).map(\.path) == [
            "steps[0].action.event.message_type"
        ])
        #expect(workflowErrors(workflow { $0["triggers"] = [["message_type": .string(tooLong)]] }).map(\.path) == ["triggers[0].message_type"])
        #expect(jobErrors(job { $0["wait"] = ["message_type": .string(tooLong)] }).map(\.path) == ["wait.message_type"])
    }

    @Test func namesHoldUpTo512Bytes() throws {
        #expect(workflowErrors(workflow { $0["name"] = .string(text("n", bytes: 512)) }).isEmpty)
        #expect(workflowErrors(workflow(step: ["name": .string(text("n", bytes: 512)), "action": ["message_type": "a"]])).isEmpty)
        #expect(workflowErrors(workflow { $0["name"] = .string(text("n", bytes: 513)) }).map(\.path) == ["name"])
        #expect(workflowErrors(workflow(step: ["name": .string(text("n", bytes: 513)), "action": ["message_type": "a"]])).map(\.path) == ["steps[0].name"])
    }

    @Test func commandsHoldUp16KiB() throws {
        let longest = text("events emit a ", bytes: 16_384)
        #expect(workflowErrors(workflow(step: ["name": "s", "action": ["command": .string(longest)]])).isEmpty)
        #expect(jobErrors(job { $0["command"] = .string(longest) }).isEmpty)
        let tooLong = text("events emit a ", bytes: 16_385)
        #expect(workflowErrors(workflow(step: ["name": "s", "action": ["command": .string(tooLong)]])).map(\.path) == ["steps[0].action.command"])
        #expect(jobErrors(job { $0["command"] = .string(tooLong) }).map(\.description) == ["command: is 16385 bytes long; at most 16384 are allowed"])
    }

    @Test func cronExpressionsHoldUpTo256Bytes() throws {
        let expression = "0 3 * * *"
        let padded = expression + String(repeating: " ", count: 256 - expression.utf8.count)
        #expect(workflowErrors(workflow { $0["triggers"] = [["cron_expression": .string(padded)]] }).isEmpty)
        #expect(
            workflowErrors(workflow { $0["triggers"] = [["cron_expression": .string(padded + " ")]] }).map(\.description) == [
                "triggers[0].cron_expression: is 257 bytes long; at most 256 are allowed"
            ])
    }

    // MARK: - JSON values

    /// An object `{"k": "xxx…"}` of exactly `bytes` bytes as JSON.
    func object(bytes: Int) -> JSONValue {
        let value: JSONValue = ["k": .string(String(repeating: "x", count: bytes - #"{"k":""}"#.utf8.count))]
        #expect(value.jsonBytes.count == bytes)
        return value
    }

    @Test func theEnvironmentHoldsUpTo64KiB() throws {
        #expect(workflowErrors(workflow { $0["environment"] = object(bytes: 65_536) }).isEmpty)
        #expect(
            workflowErrors(workflow { $0["environment"] = object(bytes: 65_537) }).map(\.description) == [
                "environment: is 65537 bytes as JSON; at most 65536 are allowed"
            ])
    }

    @Test func filtersHoldUpTo16KiB() throws {
        #expect(workflowErrors(workflow(step: ["name": "s", "action": ["wait_for_message_type": "a", "filter_data": object(bytes: 16_384)]])).isEmpty)
        #expect(workflowErrors(workflow { $0["triggers"] = [["message_type": "t", "filter_data": object(bytes: 16_384)]] }).isEmpty)
        #expect(jobErrors(job { $0["wait"] = ["message_type": "ready", "filter_data": object(bytes: 16_384)] }).isEmpty)
        let tooLarge = object(bytes: 16_385)
        #expect(
            workflowErrors(workflow(step: ["name": "s", "action": ["wait_for_message_type": "a", "filter_data": tooLarge]])).map(\.path) == [
                "steps[0].action.filter_data"
            ])
        #expect(workflowErrors(workflow { $0["triggers"] = [["message_type": "t", "filter_data": tooLarge]] }).map(\.path) == ["triggers[0].filter_data"])
        #expect(jobErrors(job { $0["trigger"] = ["message_type": "t", "filter_data": tooLarge] }).map(\.path) == ["trigger.filter_data"])
        #expect(jobErrors(job { $0["wait"] = ["message_type": "ready", "filter_data": tooLarge] }).map(\.path) == ["wait.filter_data"])
    }

    @Test func anEventsDataHoldsUpTo64KiB() throws {
        func emitting(_ data: JSONValue) -> JSONValue { workflow(step: ["name": "s", "action": ["event": ["message_type": "e", "data": data]]]) }
        #expect(workflowErrors(emitting(object(bytes: 65_536))).isEmpty)
        #expect(workflowErrors(emitting(object(bytes: 65_537))).map(\.path) == ["steps[0].action.event.data"])
    }

    /// A value nesting `depth` levels: arrays around a number.
    func nested(depth: Int) -> JSONValue {
        (1..<depth).reduce(JSONValue.int(1)) { inner, _ in .array([inner]) }
    }

    @Test func valuesNestUpTo32Levels() throws {
        #expect(nested(depth: 32).depth == 32)
        #expect(workflowErrors(workflow { $0["environment"] = ["k": nested(depth: 31)] }).isEmpty)
        #expect(
            workflowErrors(workflow { $0["environment"] = ["k": nested(depth: 32)] }).map(\.description) == [
                "environment: nests 33 levels deep; at most 32 are allowed"
            ])
        #expect(workflowErrors(workflow { $0["triggers"] = [["message_type": "t", "filter_data": ["k": nested(depth: 32)]]] }).map(\.path) == [
            "triggers[0].filter_data"
        ])
    }

    // MARK: - The whole definition

    /// A workflow whose JSON, as it is written back, is exactly `bytes` long: emitting steps whose
    /// data fill it.
    func workflowOfSize(_ bytes: Int) throws -> JSONValue {
        func emitting(_ index: Int, _ padding: Int) -> Step {
            Step(name: "s\(index)", action: .emitEvent(Event(messageType: "e", data: ["p": .string(String(repeating: "x", count: padding))])))
        }
        var workflow = Workflow(id: "large", steps: (0..<6).map { emitting($0, 40_000) })
        let missing = bytes - workflow.json.jsonBytes.count
        workflow.steps[5] = emitting(5, 40_000 + missing)
        #expect(workflow.json.jsonBytes.count == bytes)
        return workflow.json
    }

    @Test func aDefinitionHoldsUpTo256KiB() throws {
        let largest = try Workflow(definition: try workflowOfSize(262_144))
        #expect(largest.validationErrors.isEmpty)
        #expect(
            workflowErrors(try workflowOfSize(262_145)).map(\.description) == [
                "the definition is 262145 bytes as JSON; at most 262144 are allowed"
            ])
    }

    /// A job's fields are each limited far below the limit of a whole definition, so only what
    /// a job cannot hold (an unknown key) makes one larger; it is refused before it is read.
    @Test func aJobLargerThan256KiBIsRefusedBeforeItIsRead() throws {
        let oversized = job { $0["extra"] = .string(String(repeating: "x", count: 262_144)) }
        #expect(jobErrors(oversized).map(\.description) == ["the definition is 262231 bytes as JSON; at most 262144 are allowed"])
    }

    // MARK: - Ids

    @Test func aJobsWorkflowIdReadsBackForTheLongestJobId() throws {
        let longestJobId = String(repeating: "j", count: 128)
        #expect(jobErrors(job { $0["id"] = .string(longestJobId) }).isEmpty)
        #expect(jobErrors(job { $0["id"] = .string(longestJobId + "j") }).map(\.path) == ["id"])
        #expect(workflowErrors(workflow { $0["id"] = .string(Job.workflowIdPrefix + longestJobId) }).isEmpty)
        #expect(workflowErrors(workflow { $0["id"] = .string(Job.workflowIdPrefix + longestJobId + "j") }).map(\.path) == ["id"])
        #expect(workflowErrors(workflow { $0["id"] = .string(String(repeating: "w", count: 128)) }).isEmpty)
        #expect(workflowErrors(workflow { $0["id"] = .string(String(repeating: "w", count: 129)) }).map(\.path) == ["id"])
    }
}
