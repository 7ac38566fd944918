import Foundation
import HTTPTypes
import HummingbirdWSClient
import NIOSSL
import RotaModel
import Synchronization

extension CoreAPI {
    /// Messages the client may fall behind by before `events` gives up on it.
    static let eventBufferLength = 10_000
    /// The largest WebSocket message accepted from the core, in bytes.
    static let maxMessageSize = 1 << 22
    /// How often a WebSocket to the core is pinged, so that a connection that died unnoticed
    /// (a core gone without closing it) ends.
    static let pingInterval: Duration = .seconds(30)

    /// Follows the bus over the `/events` WebSocket of the leader: every message, or only the
    /// message types in `show`, until the consumer stops (or its task is cancelled). The stream
    /// ends with a `CoreAPIError` when no core can be reached, the core refuses the connection or
    /// closes it, or when the consumer falls more than 10 000 messages behind.
    public func events(show: [String]? = nil) -> AsyncThrowingStream<Message, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Message, any Error>.makeStream(
            bufferingPolicy: .bufferingOldest(Self.eventBufferLength))
        let query = show.map { [("show", $0.joined(separator: ","))] } ?? []
        let task = Task {
            let configuration = await webSocketConfiguration()
            do {
                let (core, closeFrame) = try await onLeader { core throws(CoreAPIError) in
                    (core, try await follow(at: core, query: query, configuration: configuration, into: continuation))
                }
                continuation.finish(throwing: CoreAPIError.disconnected(url: connection.at(core).base, reason: closeFrame?.reason ?? "closed by the core"))
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Follows `/events` at `core` into `continuation` until the connection ends. A failure once
    /// connected is a `disconnected` or `failed` error, which is not tried at another core: the
    /// consumer has had messages and decides.
    private func follow(
        at core: URL, query: [(String, String)], configuration: WebSocketClientConfiguration,
        into continuation: AsyncThrowingStream<Message, any Error>.Continuation
    ) async throws(CoreAPIError) -> WebSocketCloseFrame? {
        let connected = Atomic(false)
        do {
            let url = connection.at(core).webSocketURL("/events", query: query)
            return try await WebSocketClient.connect(url: url, configuration: configuration, tlsConfiguration: try webSocketTLS(for: core), logger: logger) {
                inbound, _, _ in
                connected.store(true, ordering: .relaxed)
                for try await frame in inbound.messages(maxSize: Self.maxMessageSize) {
                    guard case .text(let text) = frame, let message = try? Message(jsonText: text) else {
                        continue
                    }
                    if case .dropped = continuation.yield(message) {
                        throw CoreAPIError.failed(
                            request: "GET /events", reason: "the reader fell more than \(Self.eventBufferLength) messages behind")
                    }
                }
            }
        } catch {
            guard connected.load(ordering: .relaxed) else { throw await webSocketFailure(error, path: "/events", probe: "/subscribers", at: core) }
            let failure = await failure(of: "the WebSocket /events", error, at: connection.at(core))
            if case .unreachable(let url, let reason) = failure { throw .disconnected(url: url, reason: reason) }
            throw failure
        }
    }

    /// The WebSocket client's configuration: large messages, keep-alive pings, and the token when
    /// the core has a pre-shared key.
    func webSocketConfiguration() async -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        if let authorization = await signer.authorizationHeader() { headers[.authorization] = authorization }
        return WebSocketClientConfiguration(maxFrameSize: Self.maxMessageSize, additionalHeaders: headers, autoPing: .enabled(timePeriod: Self.pingInterval))
    }

    /// The TLS configuration of a `wss` WebSocket to `core`, nil for `ws`; throws when the
    /// connection's TLS files cannot be used.
    func webSocketTLS(for core: URL) throws(CoreAPIError) -> TLSConfiguration? {
        try tls(for: core)
    }

    /// What a failed WebSocket connection to `path` at `core` turns into for the user. A refused
    /// upgrade carries no reason on the client's side, so the core is asked what it is: a standby
    /// refuses with `503`, and the leader it names is used from then on. Else the REST endpoint
    /// `probe` is asked: it answers 401 with the reason when the token is the problem.
    func webSocketFailure(_ error: any Error, path: String, probe: String, at core: URL) async -> CoreAPIError {
        let request = "the WebSocket \(path)"
        if let error = error as? CoreAPIError { return error }
        guard let clientError = error as? WebSocketClientError, clientError == .webSocketUpgradeFailed else {
            return await failure(of: request, error, at: connection.at(core))
        }
        if case .standby(let named) = await role(of: core) {
            if let named { leader.use(named) }
            let leaderText = named.map { "; the leader is at \(LeaderFinder.text($0))" } ?? ""
            return .refused(
                request: request, status: 503, code: "standby", message: "the core at \(LeaderFinder.text(core)) is a standby\(leaderText)", path: nil)
        }
        do {
            _ = try await get(probe)
        } catch .refused(_, let status, let code, let message, let field) {
            return .refused(request: request, status: status, code: code, message: message, path: field)
        } catch {
            return error
        }
        return .invalidResponse(reason: "the core did not accept \(request)")
    }
}
