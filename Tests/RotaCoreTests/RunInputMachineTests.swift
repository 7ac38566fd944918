import Foundation
import RotaCore
import RotaEngine
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// A run's input as the core carries it: into every action, the commands' placeholders, the
/// history and the queue; taken from a triggering event's data; refused when it does not fit.
@Suite("Run inputs in the core")
struct RunInputMachineTests {
    static let subscribers = [Subscriber(id: "a", subscriptions: [Subscription(messageType: "collect"), Subscription(messageType: "report")])]

    static let twoActions = Workflow(
        id: "w",
        steps: [
            Step(name: "collect", action: .performAction(messageType: "collect", data: ["scope": "one"])),
            Step(name: "report", action: .performAction(messageType: "report")),
        ],
        triggers: [.event(messageType: "collect_now", filter: [:])])

    /// The `data` of every action published, in order.
    static func actionData(_ harness: CoreMachineHarness) -> [JSONValue] {
        harness.published.compactMap { message in
            guard case .action = message else { return nil }
            return message.data
        }
    }

    mutating func started(_ input: [String: JSONValue], workflows: [Workflow] = [twoActions]) throws -> (CoreMachineHarness, TaskId) {
        var harness = CoreMachineHarness(workflows: workflows, subscribers: Self.subscribers)
        guard case .start(.success(let start)) = harness.handle(.start(workflow: workflows[0].id, reason: "test", cascade: nil, input: input)).reply,
            let id = start.taskId
        else { throw TestFailure("the run did not start") }
        harness.storeAll()
        return (harness, id)
    }

    @Test mutating func everyActionOfTheRunCarriesItsInput() throws {
        var (harness, id) = try started(["account": "123", "regions": ["eu-west-1"]])
        harness.answer(id, step: "collect", as: "a")
        harness.storeAll()
        let data = Self.actionData(harness)
        #expect(data.count == 2)
        for action in data {
            #expect(action["input"] == ["account": "123", "regions": ["eu-west-1"]])
            #expect(action["attempt"] == 1)
        }
        #expect(data[0]["scope"] == "one", "the step's own data is merged in")
        #expect(data[1]["scope"] == nil)
    }

    @Test mutating func aRunWithoutInputCarriesAnEmptyObject() throws {
        let (harness, _) = try started([:])
        #expect(Self.actionData(harness).first?["input"] == [:])
    }

    @Test mutating func aCommandIsOrderedWithTheInputItsPlaceholdersTake() throws {
        let workflow = Workflow(id: "c", steps: [Step(name: "sync", action: .executeCommand("workflows run @input.target@-@WORKFLOW@"))])
        let (harness, _) = try started(["target": "nightly"], workflows: [workflow])
        #expect(harness.commands.map(\.command) == ["workflows run @input.target@-c"], "the input is filled as the command runs, once it is read")
        #expect(harness.commands.map(\.input) == [["target": "nightly"]])
    }

    @Test mutating func theHistoryKeepsTheInput() throws {
        var (harness, id) = try started(["account": "123"])
        harness.answer(id, step: "collect", as: "a")
        harness.answer(id, step: "report", as: "a")
        harness.storeAll()
        #expect(harness.stored.history[id]?.input == ["account": "123"])
    }

    @Test func aRunStartedByAnEventTakesItsDataAsInput() throws {
        var harness = CoreMachineHarness(workflows: [Self.twoActions], subscribers: Self.subscribers)
        harness.handle(.message(.event(Event(messageType: "collect_now", data: ["account": "123"])), from: .client))
        harness.storeAll()
        #expect(Self.actionData(harness).first?["input"] == ["account": "123"])
    }

    @Test func anInputThatDoesNotFitTheDeclaredInputsIsRefused() throws {
        var workflow = Self.twoActions
        workflow.inputs = ["account": InputDeclaration(type: .string, required: true)]
        var harness = CoreMachineHarness(workflows: [workflow], subscribers: Self.subscribers)
        guard case .start(.failure(.invalidInput(let problems))) = harness.handle(.start(workflow: "w", reason: "test", cascade: nil, input: [:])).reply
        else { throw TestFailure("a run without its required input started") }
        #expect(problems.map(\.path) == ["input.account"])
        harness.handle(.message(.event(Event(messageType: "collect_now", data: ["account": 123])), from: .client))
        harness.storeAll()
        #expect(harness.published.allSatisfy { $0.kind != .action }, "an event whose data does not fit must not start a run")
    }

    @Test func anInputThatFillsACommandPastItsLimitIsRefused() throws {
        let placeholders = String(repeating: "@input.blob@ ", count: 20)
        let workflow = Workflow(id: "c", steps: [Step(name: "sync", action: .executeCommand("sync \(placeholders)"))])
        var harness = CoreMachineHarness(workflows: [workflow])
        let blob = JSONValue.string(String(repeating: "x", count: DefinitionLimits.commandBytes / 10))
        guard case .start(.failure(.invalidInput(let problems))) = harness.handle(.start(workflow: "c", reason: "test", cascade: nil, input: ["blob": blob])).reply
        else { throw TestFailure("a run whose input makes its command too long started") }
        #expect(problems.first?.message.contains("makes the command of step sync more than") == true)
    }

    @Test func aQueuedRunKeepsItsInputUntilItStarts() throws {
        var harness = CoreMachineHarness(workflows: [Self.twoActions], subscribers: Self.subscribers)
        harness.handle(.start(workflow: "w", reason: "first", cascade: nil, input: ["n": 1]))
        guard case .start(.success(.queued(let queued))) = harness.handle(.start(workflow: "w", reason: "second", cascade: nil, input: ["n": 2])).reply
        else { throw TestFailure("the second run was not queued") }
        harness.storeAll()
        #expect(harness.stored.queued[queued]?.input == ["n": 2])
        let restarted = CoreMachineHarness(workflows: [Self.twoActions], subscribers: Self.subscribers, restore: harness.stored, seed: 8)
        #expect(restarted.machine.task(queued) == nil)
        var running = restarted
        let first = try #require(harness.machine.runningTasks().first?.id)
        running.answer(first, step: "collect", as: "a")
        running.answer(first, step: "report", as: "a")
        running.storeAll()
        #expect(running.machine.task(queued)?.input == ["n": 2])
    }

    @Test func aScheduledRunOfAWorkflowThatRequiresAnInputIsNotStarted() throws {
        var workflow = Self.twoActions
        workflow.triggers = [.cron(try CronExpression(parsing: "* * * * *"))]
        workflow.inputs = ["account": InputDeclaration(type: .string, required: true)]
        var harness = CoreMachineHarness(workflows: [workflow], subscribers: Self.subscribers)
        harness.now += 61
        harness.handle(.tick)
        harness.storeAll()
        #expect(harness.machine.runningTasks().isEmpty)
        let warned = harness.actions.contains { action in
            if case .log(let line) = action { return line.message.contains("input.account: is required") }
            return false
        }
        #expect(warned)
    }
}
