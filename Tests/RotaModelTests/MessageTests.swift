import Foundation
import Testing

@testable import RotaModel

/// The JSON of every message kind of `docs/PROTOCOL.md`, both ways.
@Suite("Messages")
struct MessageTests {
    func decode(_ text: String) throws -> Message {
        try JSONDecoder().decode(Message.self, from: Data(text.utf8))
    }

    /// The message encoded and parsed back into a plain JSON tree, to compare key by key.
    func wire(_ message: Message) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(message))
    }

    func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func eventKeepsAnyData() throws {
        let text = #"{"kind":"event","message_type":"start_collect_workflow","data":{"reason":"manual","n":[1,2.5,null]}}"#
        let message = try decode(text)
        #expect(message == .event(Event(messageType: "start_collect_workflow", data: ["reason": "manual", "n": [1, 2.5, nil]])))
        #expect(try wire(message) == json(text))
    }

    @Test func eventWithoutDataHasAnEmptyObject() throws {
        #expect(try decode(#"{"kind":"event","message_type":"ping"}"#) == .event(Event(messageType: "ping")))
    }

    @Test func actionKeepsTheTasksMetadata() throws {
        let text = #"{"kind":"action","message_type":"collect","data":{"task":"t1","step":"collect","workflow":"collect_and_cleanup"}}"#
        let message = try decode(text)
        #expect(message == .action(ActionMessage(messageType: "collect", reference: ActionReference(task: "t1", step: "collect"), extra: ["workflow": "collect_and_cleanup"])))
        #expect(try wire(message) == json(text))
    }

    @Test func actionAbortRoundTrips() throws {
        let text = #"{"kind":"action_abort","message_type":"collect","data":{"task":"t1","step":"collect"}}"#
        let message = try decode(text)
        #expect(message == .actionAbort(ActionMessage(messageType: "collect", task: "t1", step: "collect")))
        #expect(try wire(message) == json(text))
    }

    @Test func actionDoneKeepsUnknownKeysAndTheSubscriber() throws {
        let text = #"{"kind":"action_done","message_type":"collect","data":{"task":"t1","step":"collect","subscriber_id":"w1","stats":{"n":3}}}"#
        let message = try decode(text)
        #expect(message == .actionDone(ActionMessage(messageType: "collect", reference: ActionReference(task: "t1", step: "collect", subscriberId: "w1"), extra: ["stats": ["n": 3]])))
        #expect(try wire(message) == json(text))
    }

    @Test func actionErrorCarriesTheError() throws {
        let text = #"{"kind":"action_error","message_type":"cleanup","data":{"task":"t1","step":"cleanup","error":"access denied"}}"#
        let message = try decode(text)
        #expect(message == .actionError(ActionMessage(messageType: "cleanup", task: "t1", step: "cleanup"), error: "access denied"))
        #expect(try wire(message) == json(text))
    }

    @Test func actionInfoCarriesLevelAndMessage() throws {
        let text = #"{"kind":"action_info","message_type":"collect","data":{"task":"t1","step":"collect","level":"error","message":"region down"}}"#
        let message = try decode(text)
        #expect(message == .actionInfo(ActionMessage(messageType: "collect", task: "t1", step: "collect"), level: .error, message: "region down"))
        #expect(try wire(message) == json(text))
    }

    @Test func actionInfoLongerThan500CharactersIsCut() throws {
        let long = String(repeating: "x", count: 700)
        let message = try decode(#"{"kind":"action_info","message_type":"c","data":{"task":"t","step":"c","level":"info","message":"\#(long)"}}"#)
        guard case .actionInfo(_, _, let text) = message else {
            Issue.record("not an action_info: \(message)")
            return
        }
        #expect(text.count == 500)
    }

    @Test func actionProgressCarriesATree() throws {
        let text = #"""
            {"kind":"action_progress","message_type":"collect","data":{"task":"t1","step":"collect","at":"2027-01-15T08:00:00Z",
             "progress":{"kind":"tree","name":"aws","path":[],"parts":[{"kind":"progress","name":"acc-1","path":["aws"],"current":2,"total":5}]}}}
            """#
        let message = try decode(text)
        let progress = ProgressReport.tree(name: "aws", path: [], parts: [.leaf(name: "acc-1", path: ["aws"], current: 2, total: 5)])
        #expect(message == .actionProgress(ActionMessage(messageType: "collect", task: "t1", step: "collect"), progress: progress, at: "2027-01-15T08:00:00Z"))
        #expect(try wire(message) == json(text))
        #expect(progress.percentage == 40)
    }

    @Test func unknownKindIsRefusedWithTheKnownOnes() {
        #expect(throws: MessageDecodingError(kind: nil, path: "kind", problem: "\"shout\" is not one of event, action, action_abort, action_done, action_error, action_info, action_progress")) {
            try decode(#"{"kind":"shout","message_type":"x","data":{}}"#)
        }
    }

    @Test func textThatIsNotJSONIsSaidPlainly() {
        #expect {
            _ = try Message(jsonText: "not json")
        } throws: { error in
            "\(error)" == "message is not JSON: at byte 0: expected a value; the only words in JSON are true, false and null"
        }
        #expect("\(MessageDecodingError(kind: .event, path: "", problem: "must be an object"))" == "event message must be an object")
        #expect("\(MessageDecodingError(kind: nil, path: "kind", problem: "must be a string"))" == "message: kind must be a string")
    }

    @Test func missingFieldsAreNamedWithTheirPath() {
        #expect(throws: MessageDecodingError(kind: .actionDone, path: "data.step", problem: "is missing")) {
            try decode(#"{"kind":"action_done","message_type":"collect","data":{"task":"t1"}}"#)
        }
        #expect(throws: MessageDecodingError(kind: .actionError, path: "data.error", problem: "is missing")) {
            try decode(#"{"kind":"action_error","message_type":"collect","data":{"task":"t1","step":"collect"}}"#)
        }
        #expect(throws: MessageDecodingError(kind: .actionInfo, path: "data.level", problem: "must be \"info\" or \"error\", not \"loud\"")) {
            try decode(#"{"kind":"action_info","message_type":"c","data":{"task":"t","step":"c","level":"loud","message":"m"}}"#)
        }
        #expect(throws: MessageDecodingError(kind: .actionDone, path: "data.task", problem: "must be a string, not number")) {
            try decode(#"{"kind":"action_done","message_type":"c","data":{"task":1,"step":"c"}}"#)
        }
        #expect(throws: MessageDecodingError(kind: nil, path: "data.progress.kind", problem: "must be \"progress\" or \"tree\"")) {
            try decode(#"{"kind":"action_progress","message_type":"c","data":{"task":"t","step":"c","at":"x","progress":{"name":"n"}}}"#)
        }
    }

    @Test func stampingOverwritesTheSubscriberSentByTheClient() throws {
        let sent = try decode(#"{"kind":"action_done","message_type":"collect","data":{"task":"t1","step":"collect","subscriber_id":"someone-else"}}"#)
        #expect(sent.stamped(subscriberId: "w1").actionMessage?.subscriberId == "w1")
        let event = Message.event(Event(messageType: "hello", data: ["subscriber_id": "forged"]))
        #expect(event.stamped(subscriberId: "w1") == .event(Event(messageType: "hello", data: ["subscriber_id": "w1"])))
    }
}
