import RotaModel
import Testing

/// An event's stable `id` travels at the top of its frame; a client's id is kept only within its limit.
@Suite struct EventIdTests {
    @Test func anEventsIdIsWrittenAndReadBack() throws {
        let event = Event(messageType: "task_end", data: ["task_id": "t1"], id: "6f1c")
        let read = try Message(jsonText: Message.event(event).jsonText)
        #expect(read == .event(event))
    }

    @Test func anIdLongerThanTheLimitOrNotAStringIsLeftOut() throws {
        let longest = String(repeating: "a", count: Event.maximumIdLength)
        let kept = try Message(jsonText: #"{"kind":"event","message_type":"x","id":"\#(longest)","data":{}}"#)
        #expect(kept == .event(Event(messageType: "x", id: longest)))
        let tooLong = try Message(jsonText: #"{"kind":"event","message_type":"x","id":"\#(longest)a","data":{}}"#)
        #expect(tooLong == .event(Event(messageType: "x")))
        let number = try Message(jsonText: #"{"kind":"event","message_type":"x","id":7,"data":{}}"#)
        #expect(number == .event(Event(messageType: "x")))
    }

    @Test func anActionHasNoIdOnTheWire() throws {
        let action = Message.action(ActionMessage(messageType: "collect", task: "t1", step: "collect"))
        #expect(action.json.objectValue?["id"] == nil)
    }
}
