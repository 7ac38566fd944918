import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import RotaAuth

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
        guard let verifier, !Self.openPaths.contains(path) else { return nil }
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: verifier.verify(authorization: authorization)) }
        }
        guard case .failure(let rejection) = result else { return nil }
        return APIError(.unauthorized, "unauthorized", "\(rejection)")
    }
}

/// Refuses REST requests without a valid token, with 401 and the reason.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let authentication: Authentication

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refusal = await authentication.refusal(path: request.uri.path, authorization: request.headers[.authorization]) {
            throw refusal
        }
        return try await next(request, context)
    }
}
