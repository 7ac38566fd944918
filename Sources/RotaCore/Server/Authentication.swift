import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import RotaAuth
import RotaModel

/// Checks the bearer token of a request when the core has a pre-shared key; without one, every
/// request passes. Key derivation is slow on purpose, so tokens are checked on a dispatch queue
/// rather than on the threads that serve connections.
struct Authentication: Sendable {
    /// The paths that need no token.
    static let openPaths: Set<String> = ["/system/ping"]

    private let verifier: TokenVerifier?

    init(psk: String?) {
        verifier = psk.map { TokenVerifier(key: PreSharedKey($0)) }
    }

    /// Nil when the request may pass, else the 401 to answer with.
    func refusal(path: String, authorization: String?) async -> APIError? {
        if case .failure(let refusal) = await check(path: path, authorization: authorization) { return refusal }
        return nil
    }

    /// The payload of the request's valid token (nil when the core has no key or the path needs
    /// none), or the 401 to answer with.
    func check(path: String, authorization: String?) async -> Result<[String: JSONValue]?, APIError> {
        guard let verifier, !Self.openPaths.contains(path) else { return .success(nil) }
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: verifier.verify(authorization: authorization)) }
        }
        switch result {
        case .success(let payload): return .success(payload)
        case .failure(let rejection): return .failure(APIError(.unauthorized, "unauthorized", "\(rejection)"))
        }
    }
}

/// Refuses REST requests without a valid token, with 401 and the reason.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = CoreRequestContext
    let authentication: Authentication

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        switch await authentication.check(path: request.uri.path, authorization: request.headers[.authorization]) {
        case .success(let payload): context.tokenPayload = payload
        case .failure(let refusal): throw refusal
        }
        return try await next(request, context)
    }
}
