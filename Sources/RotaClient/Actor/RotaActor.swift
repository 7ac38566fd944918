import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import NIOSSL
import RotaModel
import ServiceLifecycle
import Synchronization
import Tracing

/// An actor of the Rota actor protocol: it performs the steps of workflows that are actions of
/// the message types it has handlers for. Write a handler per message type with `on`, then run it
/// (alone or in a `ServiceGroup`); it registers its subscriptions, stays connected to the core
/// through restarts and network failures, and answers every action once.
public final class RotaActor: Service, Sendable {
    /// The subscriber id: one connection per id, and the core remembers what each id owes.
    public let id: SubscriberId
    private let api: CoreAPI
    private let maxConcurrentActions: Int
    private let reconnect: ReconnectPolicy
    private let shutdownGrace: Duration
    private let logger: Logger
    private let tracer: (any Tracer)?
    private let handlers = Mutex<[String: ActionHandler]>([:])
    private let states = ConnectionStates()
    private let shutdown = ShutdownSignal()

    /// An actor with subscriber id `id` for the core at `connection`. At most
    /// `maxConcurrentActions` handlers run at once; on graceful shutdown running handlers get
    /// `shutdownGrace` to finish. With a `tracer`, each action is handled in a span of its own,
    /// a child of the span of the step that sent it when the core traces runs (see `ActionContext`).
    public init(
        id: SubscriberId, connection: CoreConnection, maxConcurrentActions: Int = 5, reconnect: ReconnectPolicy = .default,
        shutdownGrace: Duration = .seconds(10), httpClient: HTTPClient = CoreAPI.defaultHTTPClient, tracer: (any Tracer)? = nil, logger: Logger
    ) {
        self.id = id
        self.maxConcurrentActions = max(1, maxConcurrentActions)
        self.reconnect = reconnect
        self.shutdownGrace = shutdownGrace
        self.tracer = tracer
        self.logger = logger
        api = CoreAPI(connection: connection, httpClient: httpClient, timeout: .seconds(30), logger: logger)
    }

    /// Performs actions of `messageType` with `perform`. `timeout` is how long the handler may take:
    /// the core waits at least that long for the answer, and the handler is cancelled and the
    /// action failed when it passes. With `waitForCompletion` false the step does not wait for
    /// this actor. Register handlers before `run()`; a later change is registered at the next connection.
    public func on(
        _ messageType: String, timeout: Duration = .seconds(60), waitForCompletion: Bool = true,
        perform: @escaping @Sendable (ActionContext) async throws -> Void
    ) {
        let handler = ActionHandler(messageType: messageType, timeout: timeout, waitForCompletion: waitForCompletion, perform: perform)
        handlers.withLock { $0[messageType] = handler }
    }

    /// Where the connection stands now.
    public var state: ActorConnectionState { states.current }

    /// The current connection state, then every change.
    public var stateChanges: AsyncStream<ActorConnectionState> { states.stream() }

    /// Returns once the actor is connected (at once when it is), or when its task is cancelled.
    public func waitUntilConnected() async {
        for await state in states.stream() where state == .connected { return }
    }

    /// Connects and performs actions until the task is cancelled or a graceful shutdown. Throws
    /// when the core refuses the actor for good (a wrong pre-shared key, an invalid subscription)
    /// or it has no handlers; an unreachable or restarting core is tried again, with backoff.
    public func run() async throws {
        guard !handlers.withLock(\.isEmpty) else {
            throw CoreAPIError.failed(request: "the actor \(id)", reason: "it has no handlers; add one with on(_:perform:)")
        }
        let runner = ActionRunner(
            subscriberId: id, maxConcurrent: maxConcurrentActions, handlers: { self.handler(for: $0) }, tracer: tracer, logger: logger)
        defer { states.update(.stopped) }
        do {
            try await withGracefulShutdownHandler {
                try await connectLoop(runner)
            } onGracefulShutdown: {
                self.logger.info("shutting down", metadata: ["subscriber": "\(self.id)"])
                self.shutdown.set()
            }
        } catch {
            await runner.cancelAll()
            throw error
        }
        if shutdown.isSet {
            await runner.drain(grace: shutdownGrace)
        } else {
            await runner.cancelAll()
        }
    }

    private func connectLoop(_ runner: ActionRunner) async throws {
        var failures = 0
        while !Task.isCancelled, !shutdown.isSet {
            states.update(.connecting)
            let reason: String
            do {
                let wasConnected: Bool
                (wasConnected, reason) = try await session(runner)
                if wasConnected {
                    failures = 0
                    logger.info("disconnected: \(reason)", metadata: ["subscriber": "\(id)"])
                }
            } catch let error as CoreAPIError where !error.isTransient && error != .cancelled {
                logger.error("the core refused this actor: \(error)", metadata: ["subscriber": "\(id)"])
                throw error
            } catch {
                reason = "\(error)"
            }
            guard !Task.isCancelled, !shutdown.isSet else { return }
            failures += 1
            let delay = reconnect.delay(afterFailures: failures)
            logger.warning("not connected (\(reason)); trying again in \(delay)", metadata: ["subscriber": "\(id)"])
            states.update(.disconnected(reason: reason, retryIn: delay))
            await shutdown.sleep(for: delay)
        }
    }

    /// One connection: registers the subscriptions with the leader (searched for among the cores
    /// when the one in use fails, see `CoreAPI`), connects to it, and serves until the connection
    /// ends or the actor shuts down. Returns whether it was connected and why it ended.
    private func session(_ runner: ActionRunner) async throws -> (connected: Bool, reason: String) {
        let subscriptions = handlers.withLock { $0.values.sorted { $0.messageType < $1.messageType }.map(\.subscription) }
        let handlePath = CoreConnection.path("subscriber", id, "handle")
        try await api.put(CoreConnection.path("subscriber", id), json: .array(subscriptions))
        let core = api.currentConnection
        let configuration = await api.webSocketConfiguration()
        let tls = try api.webSocketTLS(for: core.url)
        let previousConnection = await runner.lastConnection
        let closeFrame: WebSocketCloseFrame?
        do {
            closeFrame = try await connect(url: core.webSocketURL(handlePath), configuration: configuration, tls: tls) { inbound, outbound in
                let (outgoing, outbox) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(Self.outboxLength))
                let number = await runner.attach(outbox)
                self.states.update(.connected)
                self.logger.info("connected to the core at \(core.base)", metadata: ["subscriber": "\(self.id)"])
                do {
                    try await Self.serve(inbound: inbound, outbound: outbound, outgoing: outgoing, outbox: outbox, runner: runner, actor: self)
                } catch {
                    outbox.finish()
                    await runner.detach(number)
                    throw error
                }
                outbox.finish()
                await runner.detach(number)
            }
        } catch {
            if await runner.lastConnection != previousConnection { return (true, NetworkFailure.reason(error)) }
            throw await upgradeFailure(error, path: handlePath, at: core.url)
        }
        return (await runner.lastConnection != previousConnection, closeFrame?.reason ?? "the core closed the connection")
    }

    /// Opens the WebSocket and runs `handler` on it, out of reach of the service group's graceful
    /// shutdown: the WebSocket library closes its connections as soon as one begins, and the
    /// actor needs its connection until running handlers have answered. Cancelling still reaches it.
    private func connect(
        url: String, configuration: WebSocketClientConfiguration, tls: TLSConfiguration?,
        handler: @escaping @Sendable (WebSocketInboundStream, WebSocketOutboundWriter) async throws -> Void
    ) async throws -> WebSocketCloseFrame? {
        let logger = self.logger
        let connection = Task.detached {
            try await WebSocketClient.connect(url: url, configuration: configuration, tlsConfiguration: tls, logger: logger) { inbound, outbound, _ in
                try await handler(inbound, outbound)
            }
        }
        return try await withTaskCancellationHandler {
            try await connection.value
        } onCancel: {
            connection.cancel()
        }
    }

    /// Moves messages both ways until the core closes the connection, or the actor shuts down:
    /// then running handlers may finish and answer before the connection is closed cleanly.
    private static func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, outgoing: AsyncStream<String>,
        outbox: AsyncStream<String>.Continuation, runner: ActionRunner, actor: RotaActor
    ) async throws {
        enum Ended { case reader, writer, drained }
        try await withThrowingTaskGroup(of: Ended.self) { group in
            group.addTask {
                for try await frame in inbound.messages(maxSize: CoreAPI.maxMessageSize) {
                    guard case .text(let text) = frame else { continue }
                    do {
                        await runner.receive(try Message(jsonText: text))
                    } catch {
                        actor.logger.warning("unreadable message from the core: \(error)", metadata: ["subscriber": "\(actor.id)"])
                    }
                }
                return .reader
            }
            group.addTask {
                for await text in outgoing { try await outbound.write(.text(text)) }
                if !Task.isCancelled { try await outbound.close(.normalClosure, reason: "closed by the actor") }
                return .writer
            }
            group.addTask {
                await actor.shutdown.wait()
                guard !Task.isCancelled else { return .drained }
                await runner.drain(grace: actor.shutdownGrace)
                outbox.finish()
                return .drained
            }
            while let ended = try await group.next(), ended == .drained {}
            group.cancelAll()
        }
    }

    private func handler(for messageType: String) -> ActionHandler? {
        handlers.withLock { $0[messageType] }
    }

    /// Why the WebSocket to `core` could not be opened. A refused upgrade says nothing on the
    /// client's side, so the core is asked what it is: a standby (503) names the leader, which the
    /// next attempt uses. Else the subscriber's REST endpoint is asked: a bad token shows there as
    /// a 401 with its reason; if that passes, another connection of the same id is the likely
    /// cause (429), which passes with time.
    private func upgradeFailure(_ error: any Error, path: String, at core: URL) async -> CoreAPIError {
        let failure = await api.webSocketFailure(error, path: path, probe: CoreConnection.path("subscriber", id), at: core)
        if case .invalidResponse = failure {
            return .refused(
                request: "the WebSocket \(path)", status: 429, code: "already_connected",
                message: "the core did not accept the connection; another actor with the id \"\(id)\" may be connected", path: nil)
        }
        return failure
    }

    /// Messages that may wait to be written. Beyond, progress and notes are dropped, and an answer
    /// that does not fit ends the connection: after the reconnect the core sends the action again
    /// and gets the answer then.
    static let outboxLength = 4096
}
