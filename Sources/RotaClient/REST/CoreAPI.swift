import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import RotaModel
import Tracing

/// The core's REST API, JSON in and JSON out, for the `rota` command line, the shipped actors and
/// anyone who scripts a core. Every request is signed when the connection has a pre-shared key,
/// and every failure is a `CoreAPIError` that reads well to a user.
///
/// Requests go to the leader among the connection's cores. When the core in use cannot be
/// reached, loses the connection or answers `503`, the cores are asked `GET /system/ready` in
/// turn (see `LeaderFinder`) and the request is sent again to the leader found; a `307` from a
/// standby is followed once, with the same method and body, and the leader it names is used from then on.
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

    /// How many times one request may move to another core.
    static let maxFailovers = 4

    /// An HTTP client that fails at once when the core is not there, instead of retrying the
    /// connection until a request's deadline, and that leaves redirects to `CoreAPI`, which signs
    /// the request it sends to the leader; shared by every `CoreAPI` that is given no other.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: TimeAmount(connectTimeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Where the cores are.
    public let connection: CoreConnection
    let signer: RequestSigner
    let logger: Logger
    /// The TLS configuration when a listed core is `https` (nil when none is), or why the
    /// connection's TLS files cannot be used: every request to an `https` core then fails with that reason.
    let tlsConfiguration: Result<TLSConfiguration?, ClientTLSError>
    /// Which core requests go to.
    let leader: LeaderFinder
    let httpClient: HTTPClient
    private let timeout: Duration
    /// Traces the requests made while a traced action is handled; nil traces none.
    private let tracer: (any Tracer)?

    /// A client of the cores at `connection`; each request may take up to `timeout`. A given
    /// `httpClient` should not follow redirects itself (see `defaultHTTPClient`). Which core is
    /// used, when it changes, is logged at notice level. With a `tracer`, a request made while a
    /// traced action is handled gets a span of its own, and carries its `traceparent`.
    public init(
        connection: CoreConnection, httpClient: HTTPClient = CoreAPI.defaultHTTPClient, timeout: Duration = CoreAPI.defaultTimeout,
        tracer: (any Tracer)? = nil, logger: Logger = Logger(label: "rota.client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.connection = connection
        self.httpClient = httpClient
        self.timeout = timeout
        self.tracer = tracer
        self.logger = logger
        signer = RequestSigner(psk: connection.psk)
        let usesTLS = connection.urls.contains { connection.at($0).usesTLS }
        tlsConfiguration = usesTLS ? Result { () throws(ClientTLSError) in try connection.tls.configuration() } : .success(nil)
        leader = LeaderFinder(cores: connection.urls, logger: logger)
    }

    /// The core requests go to now, with the connection's key and TLS settings: the first listed
    /// until another turns out to be the leader.
    public var currentConnection: CoreConnection { connection.at(leader.core) }

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
        try await execute(.POST, path, query: query, body: .stream(body, length: .unknown), replayable: false, contentType: contentType, timeout: timeout)
    }

    /// `PUT path` with a body that is streamed as it is produced, like the streaming `post`.
    @discardableResult
    public func put<Body: AsyncSequence & Sendable>(
        _ path: String, query: [(String, String)] = [], streaming body: Body, contentType: String, timeout: Duration = CoreAPI.streamingTimeout
    ) async throws(CoreAPIError) -> JSONValue where Body.Element == ByteBuffer {
        try await execute(.PUT, path, query: query, body: .stream(body, length: .unknown), replayable: false, contentType: contentType, timeout: timeout)
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
        return try await execute(method, path, query: query, body: body, replayable: true, contentType: "application/json", timeout: timeout)
    }

    /// Sends the request to the leader. A `replayable` body (JSON, or none) may be sent again: to
    /// another core when the one in use fails, and to the leader a standby's `307` names. A
    /// streamed body is sent once, to the core found to be the leader first when several are listed.
    private func execute(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: HTTPClientRequest.Body?, replayable: Bool, contentType: String,
        timeout: Duration
    ) async throws(CoreAPIError) -> JSONValue {
        let name = "\(method.rawValue) \(path)"
        if !replayable, connection.urls.count > 1, await role(of: leader.core) != .leader {
            _ = await leader.search(after: leader.core, role: role(of:))
        }
        return try await onLeader(retrying: replayable) { core throws(CoreAPIError) in
            let target = connection.at(core).httpURL(path, query: query)
            let answer = try await exchange(method, target, name: name, body: body, contentType: contentType, timeout: timeout, at: core)
            guard answer.status == .temporaryRedirect, let location = answer.location else {
                return try Self.result(of: name, status: answer.status, contentType: answer.contentType, body: answer.body)
            }
            let suffix = String(target.dropFirst(connection.at(core).base.count))
            guard let redirect = Self.redirectTarget(location, suffix: suffix, from: core) else {
                throw .invalidResponse(reason: "\(name) was redirected to \"\(location.prefix(200))\", which is not a core's URL")
            }
            guard replayable else {
                leader.use(redirect.leader)
                throw .refused(
                    request: name, status: 503, code: "standby",
                    message: "the core at \(LeaderFinder.text(core)) is a standby; the leader is at \(LeaderFinder.text(redirect.leader)): send it again",
                    path: nil)
            }
            let followed = try await exchange(
                method, redirect.url.absoluteString, name: name, body: body, contentType: contentType, timeout: timeout, at: redirect.leader)
            if followed.status != .temporaryRedirect, followed.status != .serviceUnavailable { leader.use(redirect.leader) }
            return try Self.result(of: name, status: followed.status, contentType: followed.contentType, body: followed.body)
        }
    }

    /// One answer of a core: its status, `Location` and `Content-Type` headers and body.
    struct Answer {
        var status: HTTPResponseStatus
        var location: String?
        var contentType: String?
        var body: ByteBuffer
    }

    /// Sends one request to `url`, a URL of the core at `core`, signed, and reads the answer.
    private func exchange(
        _ method: HTTPMethod, _ url: String, name: String, body: HTTPClientRequest.Body?, contentType: String, timeout: Duration, at core: URL
    ) async throws(CoreAPIError) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.tlsConfiguration = try tls(for: core)
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization = await signer.authorizationHeader() { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = body
        }
        let span = RequestSpan(tracer: tracer, name: name)
        span?.inject(into: &request.headers)
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout), logger: logger)
            let bytes = try await response.body.collect(upTo: Self.maxResponseSize)
            span?.end(status: response.status)
            return Answer(
                status: response.status, location: response.headers.first(name: "Location"),
                contentType: response.headers.first(name: "Content-Type"), body: bytes)
        } catch {
            let failure = await failure(of: name, error, at: connection.at(core))
            span?.end(failure: failure.description)
            throw failure
        }
    }

    /// The TLS configuration of a request to `core`: nil for `http`; throws when the TLS files cannot be used.
    func tls(for core: URL) throws(CoreAPIError) -> TLSConfiguration? {
        let target = connection.at(core)
        guard target.usesTLS else { return nil }
        do {
            if let configuration = try tlsConfiguration.get() { return configuration }
            return try connection.tls.configuration()
        } catch {
            throw .tls(url: target.base, message: error.description)
        }
    }

    /// Where a `307` to `location` leads, for a request whose URL ended in `suffix` (its path and
    /// query) sent to `core`: the URL to send it to, and the leader's base URL (`location` without
    /// `suffix`, else its scheme, host and port). Nil when `location` is not a core's URL, or
    /// leaves TLS.
    static func redirectTarget(_ location: String, suffix: String, from core: URL) -> (url: URL, leader: URL)? {
        let overTLS = core.scheme?.lowercased() == "https"
        guard let url = CoreRole.leaderURL(location, askedOverTLS: overTLS) else { return nil }
        if !suffix.isEmpty, location.hasSuffix(suffix), let base = CoreRole.leaderURL(String(location.dropLast(suffix.count)), askedOverTLS: overTLS) {
            return (url, base)
        }
        var origin = URLComponents()
        origin.scheme = url.scheme
        origin.host = url.host
        origin.port = url.port
        guard let base = origin.url else { return nil }
        return (url, base)
    }

    /// What a failed request turns into for the user. A failed TLS handshake is looked into (see
    /// `TLSDiagnosis`) so that the message says what is wrong with the core's certificate, and an
    /// `http` URL whose server closed the connection is tried with TLS, to say when it serves HTTPS.
    func failure(of request: String, _ error: any Error, at core: CoreConnection) async -> CoreAPIError {
        if let error = error as? CoreAPIError { return error }
        if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled { return .cancelled }
        if let problem = TLSFailure(error) {
            let message = await TLSDiagnosis(connection: core, configuration: try? tls(for: core.url)).explain(problem)
            return .tls(url: core.base, message: message)
        }
        if !core.usesTLS, (error as? HTTPClientError) == .remoteConnectionClosed,
            await TLSDiagnosis(connection: core, configuration: nil).speaksTLS()
        {
            return .tls(
                url: core.base,
                message: "the core at \(core.base) serves HTTPS: write its URL with https:// (and pass --ca-cert when a private CA signed its certificate)")
        }
        if NetworkFailure.isUnreachable(error) { return .unreachable(url: core.base, reason: NetworkFailure.reason(error)) }
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
