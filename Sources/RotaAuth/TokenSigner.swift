import Foundation
import RotaModel

/// Makes the bearer tokens a client sends to a core that has a pre-shared key. Safe to share.
///
/// The key is derived once, for one random salt chosen when the signer is made, so that each
/// token costs one HMAC; a verifier then derives that salt's key only once too.
public final class TokenSigner: Sendable {
    private let key: SigningKey
    /// The encoded JOSE header, the same for every token of this signer.
    private let encodedHeader: String

    /// A signer for tokens made from `key`, with a fresh salt.
    public init(key: PreSharedKey) {
        let salt = PreSharedKey.randomSalt()
        self.key = key.signingKey(salt: salt)
        let header: [String: String] = [
            "alg": SignedToken.algorithm,
            "salt": salt.base64EncodedString(),
            "typ": "JWT",
        ]
        encodedHeader = Base64.urlEncoded(Self.json(header))
    }

    /// A JWT carrying `payload` and an `exp` of `now + expiresIn` (whole seconds), which
    /// replaces any `exp` in `payload`.
    public func token(payload: [String: JSONValue] = [:], expiresIn: TimeInterval = 300, now: Date = Date()) -> String {
        var claims = payload
        claims["exp"] = .int(Int64((now.timeIntervalSince1970 + expiresIn).rounded(.down)))
        let signingInput = "\(encodedHeader).\(Base64.urlEncoded(Self.json(claims)))"
        return "\(signingInput).\(Base64.urlEncoded(key.signature(of: Data(signingInput.utf8))))"
    }

    /// The value of an `Authorization` header carrying a new token that expires in 300 seconds.
    public func authorizationHeader(now: Date = Date()) -> String {
        "Bearer \(token(now: now))"
    }

    /// Compact JSON with sorted keys and unescaped slashes: the header comes out byte for byte as
    /// PyJWT writes it.
    private static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try encoder.encode(value)
        } catch {
            preconditionFailure("a JSON object with string keys always encodes: \(error)")
        }
    }
}
