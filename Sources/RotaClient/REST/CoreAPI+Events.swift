import Foundation
import HTTPTypes
import HummingbirdWSClient
import NIOSSL
import RotaModel

extension CoreAPI {
    /// Messages the client may fall behind by before `events` gives up on it.
    static let eventBufferLength = 10_000
    /// The largest WebSocket message accepted from the core, in bytes.
    static let maxMessageSize = 1 << 22
    /// How often a WebSocket to the core is pinged, so that a connection that died unnoticed
    /// (a core gone without closing it) ends.
    static let pingInterval: Duration = .seconds(30)

    /// Follows the bus over the `/events` WebSocket: every message, or only the message types in
    /// `show`, until the consumer stops (or its task is cancelled). The stream ends with a
    /// `CoreAPIError` when the core cannot be reached, refuses the connection or closes it, or when
    /// the consumer falls more than 10 000 messages behind.
    public func events(show: [String]? = nil) -> AsyncThrowingStream<Message, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Message, any Error>.makeStream(
            bufferingPolicy: .bufferingOldest(Self.eventBufferLength))
        let query = show.map { [("show", $0.joined(separator: ","))] } ?? []
        let url = connection.webSocketURL("/events", query: query)
        let task = Task {
            do {
                let configuration = await webSocketConfiguration()
                let tls = try webSocketTLS()
                let closeFrame = try await WebSocketClient.connect(
                    url: url, configuration: configuration, tlsConfiguration: tls, logger: logger
                ) { inbound, _, _ in
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
                continuation.finish(throwing: CoreAPIError.disconnected(url: connection.base, reason: closeFrame?.reason ?? "closed by the core"))
            } catch {
                continuation.finish(throwing: await webSocketFailure(error, path: "/events", probe: "/subscribers"))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The WebSocket client's configuration: large messages, keep-alive pings, and the token when
    /// the core has a pre-shared key.
    func webSocketConfiguration() async -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        if let authorization = await signer.authorizationHeader() { headers[.authorization] = authorization }
        return WebSocketClientConfiguration(maxFrameSize: Self.maxMessageSize, additionalHeaders: headers, autoPing: .enabled(timePeriod: Self.pingInterval))
    }

    /// The TLS configuration of a `wss` WebSocket to the core, nil for `ws`; throws when the
    /// connection's TLS files cannot be used.
    func webSocketTLS() throws(CoreAPIError) -> TLSConfiguration? {
        do {
            return try tlsConfiguration.get()
        } catch {
            throw .tls(url: connection.base, message: error.description)
        }
    }

    /// What a failed WebSocket connection to `path` turns into for the user. A refused upgrade
    /// carries no reason on the client's side, so the REST endpoint `probe` is asked instead: it
    /// answers 401 with the reason when the token is the problem.
    func webSocketFailure(_ error: any Error, path: String, probe: String) async -> CoreAPIError {
        let request = "the WebSocket \(path)"
        guard let clientError = error as? WebSocketClientError, clientError == .webSocketUpgradeFailed else {
            return await failure(of: request, error)
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
