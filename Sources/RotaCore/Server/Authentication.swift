import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RotaAuth
import RotaModel

/// Checks the bearer token of a request when the core has a pre-shared key; without one, every
/// request passes.
///
/// Key derivation is slow on purpose (about 50 ms a salt), so a client that does not know the key
/// could keep the core busy with tokens of new salts. The checks are ordered to cost it little:
/// a token whose salt's key is cached is settled at once, whoever sends it, so real clients that
/// reuse their salt never wait; a caller that failed `failureLimit` times in a minute is answered
/// `429` before any derivation; and derivations run through a ``DerivationGate``, off the threads
/// that serve connections, a few at a time, with `503` when too many wait.
struct Authentication: Sendable {
    /// The paths that never need a token.
    static let alwaysOpenPaths: Set<String> = ["/system/ping"]
    /// The paths `open_metrics` lets a scraper read without a token: the core's metrics and its
    /// readiness, which tell how busy it is but change nothing and show no definition or run.
    static let metricsPaths: Set<String> = ["/metrics", "/system/ready"]

    /// The paths that need no token on this core.
    let openPaths: Set<String>

    /// What checks tokens, nil when the core has no key.
    let verifier: TokenVerifier?
    /// The dashboard's sign-in, nil when the core has no key.
    let session: DashboardSession?
    /// Each caller's failed authentications.
    let failures: FailedAuthenticationLimit
    /// Where key derivations wait for their turn.
    let derivations: DerivationGate
    /// What tells the log about the `429` and `503` answers.
    private let refusals: RefusedAuthenticationLog

    /// Checks tokens made from `psk`, allowing each caller `failureLimit` failures a minute as
    /// `clock` tells the minutes; the answers given without a check go to `logger`'s log. With
    /// `openMetrics`, the metrics and readiness paths need no token.
    init(
        psk: String?, openMetrics: Bool = false, failureLimit: Int = 20, clock: any CoreClock = SystemClock(),
        derivations: DerivationGate = DerivationGate(),
        logger: Logger = Logger(label: "rota.core", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        verifier = psk.map { TokenVerifier(key: PreSharedKey($0)) }
        session = psk.map(DashboardSession.init(psk:))
        openPaths = openMetrics ? Self.alwaysOpenPaths.union(Self.metricsPaths) : Self.alwaysOpenPaths
        failures = FailedAuthenticationLimit(limit: failureLimit, clock: { clock.now() })
        self.derivations = derivations
        refusals = RefusedAuthenticationLog(logger: logger, clock: { clock.now() })
    }

    /// Nil when the request may pass, else the error to answer with.
    func refusal(path: String, authorization: String?, from address: SocketAddress?) async -> APIError? {
        if case .failure(let refusal) = await check(path: path, authorization: authorization, from: address) { return refusal }
        return nil
    }

    /// Whether `path` is the dashboard's page, its files or its sign-in, which hold no secret and
    /// must load before a person has signed in.
    static func isDashboard(_ path: String) -> Bool {
        path == "/" || path == "/ui" || path.hasPrefix("/ui/")
    }

    /// The credentials `fields` present (see `DashboardSession.presented(in:)`); the session
    /// cookie counts only on a core with a key.
    func presented(in fields: HTTPFields) -> (authorization: String?, fromCookie: Bool) {
        session == nil ? (fields[.authorization], false) : DashboardSession.presented(in: fields)
    }

    /// The payload of the request's valid token (nil when the core has no key or the path needs
    /// none), or the error to answer with: `401` for a bad token, `429` for a caller at its limit
    /// of failures, `503` when too many derivations wait.
    func check(path: String, authorization: String?, from address: SocketAddress?) async -> Result<[String: JSONValue]?, APIError> {
        guard !openPaths.contains(path), !Self.isDashboard(path) else { return .success(nil) }
        return await verify(authorization: authorization, from: address)
    }

    /// `check(path:authorization:from:)` for a path that needs a token.
    func verify(authorization: String?, from address: SocketAddress?) async -> Result<[String: JSONValue]?, APIError> {
        guard let verifier else { return .success(nil) }
        let check = verifier.check(authorization: authorization)
        if case .verified(let payload) = check { return .success(payload) }
        let unverified: UnverifiedToken
        let caller = FailedAuthenticationLimit.caller(of: address)
        let network = FailedAuthenticationLimit.network(of: address)
        switch check {
        case .verified(let payload):
            return .success(payload)
        case .refused(let rejection):
            if rejection.isSignedWithTheKey { return .failure(Self.unauthorized(rejection)) }
            if let retryAfter = failures.admit(caller, network: network) { return .failure(limited(caller, retryAfter: retryAfter)) }
            failures.ended(caller, network: network, failed: true)
            return .failure(Self.unauthorized(rejection))
        case .needsDerivation(let token):
            unverified = token
        }
        if let retryAfter = failures.admit(caller, network: network) { return .failure(limited(caller, retryAfter: retryAfter)) }
        guard let result = await derivations.run({ verifier.verify(unverified) }) else {
            failures.ended(caller, network: network, failed: false)
            refusals.busy()
            return .failure(Self.busy)
        }
        switch result {
        case .success(let payload):
            failures.ended(caller, network: network, failed: false)
            return .success(payload)
        case .failure(let rejection):
            failures.ended(caller, network: network, failed: !rejection.isSignedWithTheKey)
            return .failure(Self.unauthorized(rejection))
        }
    }

    /// Checks a key typed into the dashboard's sign-in by the caller at `address`, counted among
    /// its failed authentications like a token: nil when it is the core's key (or the core has
    /// none), else the error to answer with, `401`, or `429` for a caller at its limit.
    func signInRefusal(key: String, from address: SocketAddress?) -> APIError? {
        guard let session else { return nil }
        let caller = FailedAuthenticationLimit.caller(of: address)
        let network = FailedAuthenticationLimit.network(of: address)
        if let retryAfter = failures.admit(caller, network: network) { return limited(caller, retryAfter: retryAfter) }
        let accepted = session.accepts(key)
        failures.ended(caller, network: network, failed: !accepted)
        return accepted ? nil : APIError(.unauthorized, "unauthorized", "that is not the core's pre-shared key")
    }

    private static func unauthorized(_ rejection: TokenRejection) -> APIError {
        APIError(.unauthorized, "unauthorized", "\(rejection)")
    }

    /// The answer to a caller that failed too often: when it may try again.
    private func limited(_ caller: String, retryAfter seconds: Int) -> APIError {
        refusals.limited(caller)
        var error = APIError(
            .tooManyRequests, "too_many_failed_authentications",
            "too many failed authentications from this address; try again in \(seconds) s with a token made from the pre-shared key")
        error.headers[.retryAfter] = "\(seconds)"
        return error
    }

    /// The answer when too many tokens with new salts wait for their key to be derived.
    private static var busy: APIError {
        var error = APIError(
            .serviceUnavailable, "authentication_busy",
            "too many tokens with new salts are being checked; try again in a second, or reuse a salt for your tokens")
        error.headers[.retryAfter] = "1"
        return error
    }
}

/// Refuses REST requests without a valid token (in `Authorization`, or in the dashboard's
/// session cookie) with 401 and the reason (or 429 and 503 as ``Authentication`` says), and
/// changes asked for by another site with 403 (``CrossSiteRequest``); keeps the payload of a
/// valid token in the request's context.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = CoreRequestContext
    let authentication: Authentication

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let presented = authentication.presented(in: request.headers)
        if let refusal = CrossSiteRequest.refusal(request.head, fromCookie: presented.fromCookie) { throw refusal }
        let check = await authentication.check(path: request.uri.path, authorization: presented.authorization, from: context.remoteAddress)
        switch check {
        case .success(let payload): context.tokenPayload = payload
        case .failure(let refusal): throw refusal
        }
        return try await next(request, context)
    }
}
