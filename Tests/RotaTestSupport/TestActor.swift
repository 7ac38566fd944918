import Foundation
import HummingbirdWSClient
import Logging
import RotaModel
import Testing

/// An actor over a real WebSocket: what the core sends arrives in order through `next`, and
/// `send` answers.
public final class TestActor: Sendable {
    public let id: String
    private let inbox: AsyncStream<Message>
    private let inboxContinuation: AsyncStream<Message>.Continuation
    private let outbox: AsyncStream<String>.Continuation
    private let connection: Task<WebSocketCloseFrame?, any Error>
    private let iterator: MessageIterator

    /// Opens the connection of subscriber `id`; throws when the core refuses it.
    public static func connect(port: Int, id: String) async throws -> TestActor {
        try await connect(port: port, path: "/subscriber/\(id)/handle", name: id)
    }

    /// Opens an `/events` connection, showing only the message types in `show` when given.
    public static func events(port: Int, show: [String]? = nil) async throws -> TestActor {
        try await connect(port: port, path: "/events" + (show.map { "?show=" + $0.joined(separator: ",") } ?? ""), name: "events")
    }

    private static func connect(port: Int, path: String, name id: String) async throws -> TestActor {
        let (inbox, inboxContinuation) = AsyncStream<Message>.makeStream()
        let (outgoing, outbox) = AsyncStream<String>.makeStream()
        let (opened, openedContinuation) = AsyncStream<Void>.makeStream()
        let connection = Task {
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(path)", logger: Logger(label: "test-actor")) {
                inbound, outbound, _ in
                openedContinuation.yield()
                openedContinuation.finish()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in outgoing { try await outbound.write(.text(text)) }
                        try await outbound.close(.normalClosure, reason: "test actor closed")
                    }
                    group.addTask {
                        for try await frame in inbound.messages(maxSize: 1 << 22) {
                            guard case .text(let text) = frame, let message = try? Message(jsonText: text)
                            else { continue }
                            inboxContinuation.yield(message)
                        }
                        inboxContinuation.finish()
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
        var openedIterator = opened.makeAsyncIterator()
        if await openedIterator.next() == nil {
            _ = try await connection.value
            throw TestFailure("the connection of \(id) closed before it opened")
        }
        return TestActor(id: id, inbox: inbox, inboxContinuation: inboxContinuation, outbox: outbox, connection: connection)
    }

    private init(
        id: String, inbox: AsyncStream<Message>, inboxContinuation: AsyncStream<Message>.Continuation, outbox: AsyncStream<String>.Continuation,
        connection: Task<WebSocketCloseFrame?, any Error>
    ) {
        self.id = id
        self.inbox = inbox
        self.inboxContinuation = inboxContinuation
        self.outbox = outbox
        self.connection = connection
        iterator = MessageIterator(inbox)
    }

    /// Sends a message as it is.
    public func send(_ message: Message) throws {
        outbox.yield(message.jsonText)
    }

    /// Sends raw text.
    public func sendText(_ text: String) {
        outbox.yield(text)
    }

    /// The next message from the core; fails after `seconds`.
    public func next(within seconds: Double = patience) async throws -> Message {
        guard let message = try await iterator.next(within: seconds) else { throw TestFailure("\(id): the connection closed") }
        return message
    }

    /// The next event of `messageType`, skipping everything else; fails after `seconds`.
    public func nextEvent(_ messageType: String, within seconds: Double = patience) async throws -> Event {
        while true {
            if case .event(let event) = try await next(within: seconds), event.messageType == messageType { return event }
        }
    }

    /// The next action or abort, skipping events; fails after `seconds`.
    public func nextAction(within seconds: Double = patience) async throws -> Message {
        while true {
            let message = try await next(within: seconds)
            if message.kind == .action || message.kind == .actionAbort { return message }
        }
    }

    /// Answers an action with `action_done`.
    public func done(_ action: Message) throws {
        try send(.actionDone(try #require(action.actionMessage)))
    }

    /// Answers an action with `action_error`.
    public func fail(_ action: Message, _ error: String) throws {
        try send(.actionError(try #require(action.actionMessage), error: error))
    }

    /// Closes the connection and waits until it has ended, at most `seconds`; returns how the core
    /// closed it, if it did. A connection that does not end in time fails the test, so that a
    /// close the core never answers shows as a failure rather than a suite that never ends.
    @discardableResult
    public func close(within seconds: Double = patience) async -> WebSocketCloseFrame? {
        outbox.finish()
        let connection = self.connection
        do {
            return try await RotaTestSupport.within(seconds: seconds, "\(id): the connection to end after its close") {
                try? await connection.value
            }
        } catch {
            connection.cancel()
            Issue.record("\(error)")
            return nil
        }
    }

    /// Waits until the core ends the connection; returns its close frame.
    public func closedByCore(within seconds: Double = patience) async throws -> WebSocketCloseFrame? {
        let connection = self.connection
        return try await RotaTestSupport.within(seconds: seconds, "\(id): the core to close the connection") {
            try await connection.value
        }
    }
}

/// Reads an async stream one element at a time from several calls, each with a time limit.
public final class MessageIterator: @unchecked Sendable {
    private var iterator: AsyncStream<Message>.Iterator
    private let lock = NSLock()

    public init(_ stream: AsyncStream<Message>) {
        iterator = stream.makeAsyncIterator()
    }

    public func next(within seconds: Double) async throws -> Message? {
        try await withThrowingTaskGroup(of: Message?.self) { group in
            group.addTask { await self.advance() }
            group.addTask {
                try await Task.pause(for: .seconds(seconds))
                throw TestFailure("no message within \(seconds) s")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private func advance() async -> Message? {
        var copy = iterator
        let element = await copy.next()
        iterator = copy
        return element
    }
}
