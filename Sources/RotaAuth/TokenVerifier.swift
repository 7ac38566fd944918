import Foundation
import RotaModel
import Synchronization

/// Checks the bearer tokens of incoming requests against the pre-shared key, as the core does
/// for every endpoint that needs authentication. Safe to share between all connections.
///
/// Each salt's key is derived once and kept (up to `cacheLimit` salts, the oldest dropped first),
/// because PBKDF2 at 100 000 rounds is slow on purpose. Only keys that verified a signature are
/// kept, so tokens made with a wrong key cannot push good keys out.
public final class TokenVerifier: Sendable {
    private struct State {
        var cache: DerivedKeyCache
        var derivations = 0
    }

    private let key: PreSharedKey
    private let state: Mutex<State>

    /// A verifier for tokens made from `key`, keeping the derived keys of up to `cacheLimit` salts.
    public init(key: PreSharedKey, cacheLimit: Int = 1024) {
        self.key = key
        state = Mutex(State(cache: DerivedKeyCache(limit: cacheLimit)))
    }

    /// The payload of a valid token from an `Authorization` header value, or why it is refused.
    public func verify(authorization: String?, now: Date = Date()) -> Result<[String: JSONValue], TokenRejection> {
        Result { () throws(TokenRejection) in try payload(authorization: authorization, now: now) }
    }

    /// How many keys were derived so far: one per salt not found in the cache.
    var derivationCount: Int { state.withLock { $0.derivations } }

    /// How many salts' keys are cached.
    var cachedSaltCount: Int { state.withLock { $0.cache.count } }

    private func payload(authorization: String?, now: Date) throws(TokenRejection) -> [String: JSONValue] {
        let token = try SignedToken(authorization: authorization)
        guard token.algorithm == SignedToken.algorithm else { throw .unsupportedAlgorithm(token.algorithm) }
        let salt = try token.salt()
        try checkSignature(of: token, salt: salt)
        try checkTimes(of: token.payload, now: now)
        return token.payload
    }

    private func checkSignature(of token: SignedToken, salt: Data) throws(TokenRejection) {
        if let cached = state.withLock({ $0.cache[salt] }) {
            guard cached.isSignature(token.signature, of: token.signingInput) else { throw .badSignature }
            return
        }
        let derived = key.signingKey(salt: salt)
        let valid = derived.isSignature(token.signature, of: token.signingInput)
        state.withLock { state in
            state.derivations += 1
            if valid { state.cache.insert(derived, for: salt) }
        }
        guard valid else { throw .badSignature }
    }

    /// `exp` and `nbf` as PyJWT reads them: whole seconds, no leeway.
    private func checkTimes(of payload: [String: JSONValue], now: Date) throws(TokenRejection) {
        guard let exp = payload["exp"] else { throw .missingExpiry }
        let expiry = try Self.time(exp, claim: "exp")
        guard now < expiry else { throw .expired(at: expiry) }
        if let nbf = payload["nbf"] {
            let start = try Self.time(nbf, claim: "nbf")
            guard start <= now else { throw .notYetValid(before: start) }
        }
    }

    private static func time(_ value: JSONValue, claim: String) throws(TokenRejection) -> Date {
        guard let seconds = value.doubleValue, seconds.isFinite else {
            throw .malformed("\(claim) is a \(value.typeName), not a number of seconds")
        }
        return Date(timeIntervalSince1970: seconds.rounded(.towardZero))
    }
}
