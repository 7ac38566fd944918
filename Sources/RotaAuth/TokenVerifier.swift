import Foundation
import RotaModel
import Synchronization

/// Checks the bearer tokens of incoming requests against the pre-shared key, as the core does
/// for every endpoint that needs authentication. Safe to share between all connections.
///
/// Each salt's key is derived once and kept (up to `cacheLimit` salts, the oldest dropped first),
/// because PBKDF2 at 100 000 rounds is slow on purpose. Only keys that verified a signature are
/// kept, so tokens made with a wrong key cannot push good keys out.
///
/// Checking is split in two, so that a server can decide who may spend a derivation: ``check(authorization:now:)``
/// settles every token it can with the cached keys, at the cost of one HMAC, and
/// ``verify(_:now:)`` derives the key of a token whose salt is new.
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

    /// The payload of a valid token from an `Authorization` header value, or why it is refused;
    /// derives the salt's key when it is not cached.
    public func verify(authorization: String?, now: Date = Date()) -> Result<[String: JSONValue], TokenRejection> {
        switch check(authorization: authorization, now: now) {
        case .verified(let payload): return .success(payload)
        case .refused(let rejection): return .failure(rejection)
        case .needsDerivation(let token): return verify(token, now: now)
        }
    }

    /// What the cached keys say of the token in an `Authorization` header value; never derives a key.
    public func check(authorization: String?, now: Date = Date()) -> TokenCheck {
        do throws(TokenRejection) {
            let token = try SignedToken(authorization: authorization)
            guard token.algorithm == SignedToken.algorithm else { throw .unsupportedAlgorithm(token.algorithm) }
            let salt = try token.salt()
            guard let cached = state.withLock({ $0.cache[salt] }) else {
                return .needsDerivation(UnverifiedToken(token: token, salt: salt))
            }
            guard cached.isSignature(token.signature, of: token.signingInput) else { throw .badSignature }
            try checkTimes(of: token.payload, now: now)
            return .verified(token.payload)
        } catch {
            return .refused(error)
        }
    }

    /// Derives the key of `unverified`'s salt (slow on purpose), keeps it when it verifies the
    /// signature, and returns the token's payload or why it is refused.
    public func verify(_ unverified: UnverifiedToken, now: Date = Date()) -> Result<[String: JSONValue], TokenRejection> {
        let token = unverified.token
        let derived = key.signingKey(salt: unverified.salt)
        let valid = derived.isSignature(token.signature, of: token.signingInput)
        state.withLock { state in
            state.derivations += 1
            if valid { state.cache.insert(derived, for: unverified.salt) }
        }
        guard valid else { return .failure(.badSignature) }
        return Result { () throws(TokenRejection) in
            try checkTimes(of: token.payload, now: now)
            return token.payload
        }
    }

    /// How many keys were derived so far: one per salt not found in the cache.
    var derivationCount: Int { state.withLock { $0.derivations } }

    /// How many salts' keys are cached.
    var cachedSaltCount: Int { state.withLock { $0.cache.count } }

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
