import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import RotaModel

/// The core's REST API, JSON in and JSON out, for the `rota` command line, the shipped actors and
/// anyone who scripts a core. Every request is signed when the connection has a pre-shared key,
/// and every failure is a `CoreAPIError` that reads well to a user.
public final class CoreAPI: Sendable {
    /// The largest answer read, in bytes.
    static let maxResponseSize = 64 << 20
    /// How long connecting to the core may take before a request fails: a core that is not
    /// there is reported at once rather than at the request's deadline.
    public static let connectTimeout: Duration = .seconds(5)
    /// How long a request may take, unless the client is given another timeout.
    public static let defaultTimeout: Duration = .seconds(60)
    /// How long a request with a streamed body may take (a whole snapshot of an account's
    /// resources), unless the call names another timeout.
    public static let streamingTimeout: Duration = .seconds(3600)

    /// An HTTP client that fails at once when the core is not there, instead of retrying the
    /// connection until a request's deadline; shared by every `CoreAPI` that is given no other.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: TimeAmount(connectTimeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Where the core is.
    public let connection: CoreConnection
    let signer: RequestSigner
    let logger: Logger
    /// The TLS configuration of an `https` core (nil for `http`), or why the connection's TLS
    /// files cannot be used: every request then fails with that reason.
    let tlsConfiguration: Result<TLSConfiguration?, ClientTLSError>
    private let httpClient: HTTPClient
    private let timeout: Duration

    /// A client of the core at `connection`; each request may take up to `timeout`.
    public init(
        connection: CoreConnection, httpClient: HTTPClient = CoreAPI.defaultHTTPClient, timeout: Duration = CoreAPI.defaultTimeout,
        logger: Logger = Logger(label: "rota.client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.connection = connection
        self.httpClient = httpClient
        self.timeout = timeout
        self.logger = logger
        signer = RequestSigner(psk: connection.psk)
        tlsConfiguration = connection.usesTLS ? Result { () throws(ClientTLSError) in try connection.tls.configuration() } : .success(nil)
    }

    /// `GET path`.
    public func get(_ path: String, query: [(String, String)] = []) async throws(CoreAPIError) -> JSONValue {
        try await send(.GET, path, query: query, json: nil)
    }

    /// `POST path`, with `json` as the body when given.
    @discardableResult
    public func post(_ path: String, query: [(String, String)] = [], json: JSONValue? = nil) async throws(CoreAPIError) -> JSONValue {
        try await send(.POST, path, query: query, json: json)
    }

    /// `PUT path`, with `json` as the body when given.
    @discardableResult
    public func put(_ path: String, query: [(String, String)] = [], json: JSONValue? = nil) async throws(CoreAPIError) -> JSONValue {
        try await send(.PUT, path, query: query, json: json)
    }

    /// `PATCH path`, with `json` as the body when given.
    @discardableResult
    public func patch(_ path: String, query: [(String, String)] = [], json: JSONValue? = nil) async throws(CoreAPIError) -> JSONValue {
        try await send(.PATCH, path, query: query, json: json)
    }

    /// `DELETE path`, with `json` as the body when given.
    @discardableResult
    public func delete(_ path: String, query: [(String, String)] = [], json: JSONValue? = nil) async throws(CoreAPIError) -> JSONValue {
        try await send(.DELETE, path, query: query, json: json)
    }

    /// `POST path` with a body that is streamed as it is produced (e.g. JSON lines for
    /// `POST /resources/merge`), never held in memory as a whole. The request may take up to `timeout`.
    @discardableResult
    public func post<Body: AsyncSequence & Sendable>(
        _ path: String, query: [(String, String)] = [], streaming body: Body, contentType: String, timeout: Duration = CoreAPI.streamingTimeout
    ) async throws(CoreAPIError) -> JSONValue where Body.Element == ByteBuffer {
        try await execute(.POST, path, query: query, body: .stream(body, length: .unknown), contentType: contentType, timeout: timeout)
    }

    /// `PUT path` with a body that is streamed as it is produced, like the streaming `post`.
    @discardableResult
    public func put<Body: AsyncSequence & Sendable>(
        _ path: String, query: [(String, String)] = [], streaming body: Body, contentType: String, timeout: Duration = CoreAPI.streamingTimeout
    ) async throws(CoreAPIError) -> JSONValue where Body.Element == ByteBuffer {
        try await execute(.PUT, path, query: query, body: .stream(body, length: .unknown), contentType: contentType, timeout: timeout)
    }

    private func send(_ method: HTTPMethod, _ path: String, query: [(String, String)], json: JSONValue?) async throws(CoreAPIError) -> JSONValue {
        var body: HTTPClientRequest.Body?
        if let json {
            do {
                body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(json)))
            } catch {
                throw .failed(request: "\(method.rawValue) \(path)", reason: "the body cannot be written as JSON: \(error)")
            }
        }
        return try await execute(method, path, query: query, body: body, contentType: "application/json", timeout: timeout)
    }

    private func execute(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: HTTPClientRequest.Body?, contentType: String, timeout: Duration
    ) async throws(CoreAPIError) -> JSONValue {
        let name = "\(method.rawValue) \(path)"
        var request = HTTPClientRequest(url: connection.httpURL(path, query: query))
        request.method = method
        do {
            request.tlsConfiguration = try tlsConfiguration.get()
        } catch {
            throw .tls(url: connection.base, message: error.description)
        }
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization = await signer.authorizationHeader() { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = body
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(timeout), logger: logger)
            bytes = try await response.body.collect(upTo: Self.maxResponseSize)
        } catch {
            throw await failure(of: name, error)
        }
        return try Self.result(of: name, status: response.status, contentType: response.headers.first(name: "Content-Type"), body: bytes)
    }

    /// What a failed request turns into for the user. A failed TLS handshake is looked into (see
    /// `TLSDiagnosis`) so that the message says what is wrong with the core's certificate, and an
    /// `http` URL whose server closed the connection is tried with TLS, to say when it serves HTTPS.
    func failure(of request: String, _ error: any Error) async -> CoreAPIError {
        if let error = error as? CoreAPIError { return error }
        if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled { return .cancelled }
        if let problem = TLSFailure(error) {
            let message = await TLSDiagnosis(connection: connection, configuration: try? tlsConfiguration.get()).explain(problem)
            return .tls(url: connection.base, message: message)
        }
        if !connection.usesTLS, (error as? HTTPClientError) == .remoteConnectionClosed,
            await TLSDiagnosis(connection: connection, configuration: nil).speaksTLS()
        {
            return .tls(
                url: connection.base,
                message: "the core at \(connection.base) serves HTTPS: write its URL with https:// (and pass --ca-cert when a private CA signed its certificate)")
        }
        if NetworkFailure.isUnreachable(error) { return .unreachable(url: connection.base, reason: NetworkFailure.reason(error)) }
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return .failed(request: request, reason: "the core did not answer in time")
        }
        return .failed(request: request, reason: NetworkFailure.reason(error))
    }

    /// The answer's JSON (null when empty, a string for text), or the refusal it says.
    static func result(of request: String, status: HTTPResponseStatus, contentType: String?, body: ByteBuffer) throws(CoreAPIError) -> JSONValue {
        let isJSON = contentType?.lowercased().contains("json") ?? false
        let data = Data(body.readableBytesView)
        let json = isJSON ? try? JSONDecoder().decode(JSONValue.self, from: data) : nil
        guard (200..<300).contains(status.code) else {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .refused(
                request: request, status: Int(status.code),
                code: json?["error"]?.stringValue ?? status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                message: json?["message"]?.stringValue ?? (text.isEmpty || isJSON ? status.reasonPhrase : String(text.prefix(500))),
                path: json?["path"]?.stringValue)
        }
        if data.isEmpty { return .null }
        if let json { return json }
        if isJSON { throw .invalidResponse(reason: "\(request) answered with JSON that does not parse") }
        return .string(String(decoding: data, as: UTF8.self))
    }
}
