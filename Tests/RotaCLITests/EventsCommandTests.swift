import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCLI

/// `rota events`: the bus, one line per message.
@Suite struct EventsCommandTests {
    /// Runs `rota events ARGUMENTS --count N` and sends the event `ping` until the command has
    /// printed N lines: the command's connection opens at a moment the test cannot see.
    static func follow(_ arguments: [String], count: Int, core: TestCore) async throws -> CommandResult {
        let sender = try await TestActor.events(port: core.port)
        let console = CapturedConsole()
        let command = Task { await Rota.run(["events"] + arguments + ["--count", String(count)] + core.cliArguments, on: console) }
        var sent = 0
        try await eventually("the command printed \(count) lines") {
            sent += 1
            try sender.send(.event(Event(messageType: "ping", data: ["n": .int(Int64(sent)), "who": "test"])))
            return console.output.split(separator: "\n").count >= count
        }
        await sender.close()
        return await command.value
    }

    @Test func eachMessageIsOneLineWithItsTimeTypeAndData() async throws {
        try await withCore { core in
            let result = try await Self.follow(["--show", "ping,pong"], count: 2, core: core)
            #expect(result.status == 0, "\(result)")
            #expect(result.lines.count == 2)
            for line in result.lines {
                let match = try #require(line.firstMatch(of: /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)  ping  \{"n":\d+,"who":"test"\}$/), "\(line)")
                #expect(Timestamp.date(String(match.1)) != nil)
            }
        }
    }

    @Test func withJSONEachMessageIsOneObjectALine() async throws {
        try await withCore { core in
            let result = try await Self.follow(["--show", "ping", "--json"], count: 1, core: core)
            #expect(result.status == 0, "\(result)")
            let message = try Message(jsonText: try #require(result.lines.first))
            #expect(message.kind == .event)
            #expect(message.messageType == "ping")
            #expect(message.data["who"] == "test")
        }
    }

    @Test func actionsShowTheirKind() {
        let message = Message.actionDone(ActionMessage(messageType: "collect", task: "t1", step: "collect", subscriberId: "w"))
        #expect(
            EventsFollowCommand.line(message, at: Date(timeIntervalSince1970: 0))
                == #"1970-01-01T00:00:00.000Z  action_done collect  {"step":"collect","subscriber_id":"w","task":"t1"}"#)
    }

    @Test func aBrokenConnectionEndsTheCommandWithAnError() async throws {
        try await withCore { core in
            let console = CapturedConsole()
            let command = Task { await Rota.run(["events"] + core.cliArguments, on: console) }
            let sender = try await TestActor.events(port: core.port)
            try await eventually("the command printed a message") {
                try sender.send(.event(Event(messageType: "ping")))
                return !console.output.isEmpty
            }
            await core.stop()
            let result = await command.value
            #expect(result.status == 1)
            #expect(result.errors.contains("the connection to the core at \(core.baseURL) ended"))
        }
    }

    @Test func emittedEventsStartWorkflowsAndEndWaits() async throws {
        let approval = Workflow(
            id: "approved", steps: [Step(name: "approval", action: .waitForEvent(messageType: "cleanup_approved", filter: ["team": "platform"]))])
        try await withCore(workflows: [approval]) { core in
            let started = await Rota.run(["events", "emit", "start_approved_workflow"], against: core)
            #expect(started.status == 0, "\(started)")
            #expect(started.output == "emitted start_approved_workflow\n")
            let running = try await core.request(.GET, "/tasks").json()
            let taskId = try #require(running.arrayValue?.first?["task_id"]?.stringValue)

            let other = await Rota.run(["events", "emit", "cleanup_approved", #"{"team": "other"}"#, "--json"], against: core)
            #expect(try JSONValue(jsonText: other.output) == ["kind": "event", "message_type": "cleanup_approved", "data": ["team": "other"]])
            let stillRunning = try await core.request(.GET, "/tasks/\(taskId)").json()
            #expect(stillRunning["state"] == "running")

            let approved = await Rota.run(["events", "emit", "cleanup_approved", #"{"team": "platform"}"#], against: core)
            #expect(approved.status == 0, "\(approved)")
            let finished = try await core.finishedRun(taskId)
            #expect(finished["outcome"] == "success")
        }
    }

    @Test func emittedDataMustBeAnObject() async {
        let result = await Rota.run(["events", "emit", "x", "[1, 2]"])
        #expect(result.status == 64)
        #expect(result.errors.contains("the data must be a JSON object"))
    }
}
