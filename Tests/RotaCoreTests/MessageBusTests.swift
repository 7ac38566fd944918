import Foundation
@testable import RotaCore
import RotaModel
import RotaTestSupport
import Testing

@Suite("Message bus")
struct MessageBusTests {
    static func event(_ type: String) -> Message { .event(Event(messageType: type)) }
    static func action(_ type: String) -> Message { .action(ActionMessage(messageType: type, task: "t", step: type)) }

    @Test func subscriberReceivesActionsAndEventsOfItsTypesOnly() async throws {
        let bus = MessageBus(queueLength: 10, metrics: CoreMetrics())
        let (listener, stream) = await bus.listen(subscriber: "a", channels: ["collect"])
        await bus.publish([Self.action("cleanup"), Self.action("collect"), Self.event("collect"),
                           .actionDone(ActionMessage(messageType: "collect", task: "t", step: "collect", subscriberId: "b"))])
        await bus.remove(listener)
        var received: [Message] = []
        for await delivery in stream { received.append(delivery.message) }
        #expect(received == [Self.action("collect"), Self.event("collect")])
    }

    @Test func eventListenerSeesEverythingOrWhatItShows() async throws {
        let bus = MessageBus(queueLength: 10, metrics: CoreMetrics())
        let (all, allStream) = await bus.listenToEverything(show: nil)
        let (some, someStream) = await bus.listenToEverything(show: ["task_end"])
        let done = Message.actionDone(ActionMessage(messageType: "collect", task: "t", step: "collect", subscriberId: "b"))
        await bus.publish([Self.event("task_start"), done, Self.event("task_end")])
        await bus.remove(all)
        await bus.remove(some)
        var everything: [Message] = []
        for await delivery in allStream { everything.append(delivery.message) }
        var shown: [Message] = []
        for await delivery in someStream { shown.append(delivery.message) }
        #expect(everything == [Self.event("task_start"), done, Self.event("task_end")])
        #expect(shown == [Self.event("task_end")])
    }

    @Test func listenerThatFallsBehindIsDisconnectedWithAReason() async throws {
        let bus = MessageBus(queueLength: 3, metrics: CoreMetrics())
        let (slow, slowStream) = await bus.listenToEverything(show: nil)
        await bus.publish((0..<5).map { Self.event("e\($0)") })
        var received = 0
        for await _ in slowStream { received += 1 }
        #expect(received == 3)
        #expect(await bus.endReason(of: slow) == "fell behind by more than 3 messages")
    }

    @Test func changedSubscriptionsChangeWhatAConnectionReceives() async throws {
        let bus = MessageBus(queueLength: 10, metrics: CoreMetrics())
        let (listener, stream) = await bus.listen(subscriber: "a", channels: ["collect"])
        await bus.updateChannels(of: "a", to: ["cleanup"])
        await bus.publish([Self.action("collect"), Self.action("cleanup")])
        await bus.remove(listener)
        var received: [Message] = []
        for await delivery in stream { received.append(delivery.message) }
        #expect(received == [Self.action("cleanup")])
    }

    @Test func anActionAddressedToOneSubscriberReachesItsConnectionsAlone() async throws {
        let bus = MessageBus(queueLength: 10, metrics: CoreMetrics())
        let (first, firstStream) = await bus.listen(subscriber: "a", channels: ["collect"])
        let (second, secondStream) = await bus.listen(subscriber: "a", channels: ["collect"])
        let (other, otherStream) = await bus.listen(subscriber: "b", channels: ["collect"])
        let (events, eventStream) = await bus.listenToEverything(show: nil)
        let retry = Message.action(ActionMessage(messageType: "collect", task: "t", step: "collect", subscriberId: "a"))
        await bus.publish([retry, Self.action("collect")])
        for listener in [first, second, other, events] { await bus.remove(listener) }
        for stream in [firstStream, secondStream] {
            var received: [Message] = []
            for await delivery in stream { received.append(delivery.message) }
            #expect(received == [retry, Self.action("collect")])
        }
        var toOther: [Message] = []
        for await delivery in otherStream { toOther.append(delivery.message) }
        #expect(toOther == [Self.action("collect")])
        var seen = 0
        for await _ in eventStream { seen += 1 }
        #expect(seen == 2, "the events stream still sees every action")
    }
}
