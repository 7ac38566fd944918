import Foundation
import RotaModel

/// What a verifier found out about a token with the keys it has derived already, at the cost of
/// one HMAC at most: whether the token is good, bad, or needs its salt's key derived first.
public enum TokenCheck: Sendable {
    /// The token is valid: its salt's key is cached and verified it. The payload it carries.
    case verified([String: JSONValue])
    /// The token is refused without a derivation: it cannot be read, or its salt's key is
    /// cached and refuses it.
    case refused(TokenRejection)
    /// The token's salt has no cached key: ``TokenVerifier/verify(_:now:)`` derives one.
    case needsDerivation(UnverifiedToken)
}

/// A token that can be read, whose salt's key has not been derived yet.
public struct UnverifiedToken: Sendable {
    let token: SignedToken
    let salt: Data
}
