import Foundation

/// Why a request's bearer token was refused. The description says what the user can do about it;
/// it never repeats the token or any secret.
public enum TokenRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request has no `Authorization` header, or an empty one.
    case missingHeader
    /// The `Authorization` header uses a scheme other than `Bearer`.
    case notBearer
    /// The token is not a JWT that can be read; the value says which part is wrong.
    case malformed(String)
    /// The token's header names an algorithm other than HS256 (`nil`: it names none).
    case unsupportedAlgorithm(String?)
    /// The token's header carries no salt, so no key can be derived for it.
    case missingSalt
    /// The signature does not match: another pre-shared key signed it, or it was altered.
    case badSignature
    /// The token's payload carries no `exp`.
    case missingExpiry
    /// The token expired at this time.
    case expired(at: Date)
    /// The token's `nbf` lies in the future: it is not valid before this time.
    case notYetValid(before: Date)

    /// Whether the token was signed with the pre-shared key and is refused only for its times:
    /// whoever sent it knew the key once, so it is no guess at the key.
    public var isSignedWithTheKey: Bool {
        switch self {
        case .expired, .notYetValid: return true
        default: return false
        }
    }

    /// The most characters of an algorithm's name a rejection repeats.
    static let algorithmNameLength = 16

    /// Whether a token's `alg` looks like an algorithm's name (`HS512`, `none`) that a rejection
    /// may repeat; any other text came from the token and is not repeated.
    static func isAlgorithmName(_ text: String) -> Bool {
        text.count <= algorithmNameLength
            && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }

    public var description: String {
        switch self {
        case .missingHeader:
            return "no Authorization header: send 'Authorization: Bearer <token>' with a token made from the pre-shared key"
        case .notBearer:
            return "the Authorization header is not a bearer token: send 'Authorization: Bearer <token>'"
        case .malformed(let what):
            return "malformed token: \(what)"
        case .unsupportedAlgorithm(let algorithm?) where Self.isAlgorithmName(algorithm):
            return "token algorithm '\(algorithm)' is not accepted: tokens must be signed with HS256"
        case .unsupportedAlgorithm(.some):
            return "the token's algorithm is not accepted: tokens must be signed with HS256"
        case .unsupportedAlgorithm(nil):
            return "token header names no algorithm: tokens must be signed with HS256"
        case .missingSalt:
            return "token header has no salt: make the token from the pre-shared key with Rota or fixlib"
        case .badSignature:
            return "token signature does not match: it was made with another pre-shared key, or altered"
        case .missingExpiry:
            return "token has no expiry (exp): make tokens that expire"
        case .expired(let time):
            return "token expired at \(time.formatted(.iso8601))"
        case .notYetValid(let time):
            return "token is not valid before \(time.formatted(.iso8601)): check the clocks of client and core"
        }
    }
}
