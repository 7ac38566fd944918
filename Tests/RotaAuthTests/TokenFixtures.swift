import Foundation
import RotaModel

@testable import RotaAuth

/// Keys, times and token surgery shared by the tests.
enum TokenFixtures {
    static let key = PreSharedKey("changeme")
    static let otherKey = PreSharedKey("not-the-key")
    /// 2026-11-23T10:00:00Z, the clock every test reads.
    static let now = Date(timeIntervalSince1970: 1_795_428_000)
    /// One signer for the tests that need no fresh salt, so its key is derived once.
    static let signer = TokenSigner(key: key)

    /// A token's three parts, the header and payload decoded.
    struct Parts {
        var header: [String: JSONValue]
        var payload: [String: JSONValue]
        var signature: String
        /// The header and payload as sent, base64url.
        var encodedHeader: String
        var encodedPayload: String

        init(_ token: String) {
            let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            precondition(parts.count == 3, "not a JWT: \(token)")
            encodedHeader = parts[0]
            encodedPayload = parts[1]
            signature = parts[2]
            header = TokenFixtures.decodeObject(parts[0])
            payload = TokenFixtures.decodeObject(parts[1])
        }
    }

    /// A token with `payload` re-encoded in place of the original, keeping the original signature.
    static func replacingPayload(of token: String, with payload: [String: JSONValue]) -> String {
        let parts = Parts(token)
        return [parts.encodedHeader, encodeObject(payload), parts.signature].joined(separator: ".")
    }

    /// A token made by hand from its three parts, without any signing key.
    static func forged(header: [String: JSONValue], payload: [String: JSONValue], signature: Data = Data()) -> String {
        [encodeObject(header), encodeObject(payload), Base64.urlEncoded(signature)].joined(separator: ".")
    }

    /// A salt fixed for tokens made by hand, and the fixtures' key for it, derived once.
    static let fixedSalt = Data((1...16).map { UInt8($0) })
    static let fixedSaltKey = key.signingKey(salt: fixedSalt)

    /// A token made by hand and signed with the fixtures' key: `header` over HS256 and the fixed salt.
    static func handSigned(header: [String: JSONValue] = [:], payload: [String: JSONValue]) -> String {
        let defaults: [String: JSONValue] = ["alg": "HS256", "typ": "JWT", "salt": .string(fixedSalt.base64EncodedString())]
        let signingInput = "\(encodeObject(defaults.merging(header) { _, given in given })).\(encodeObject(payload))"
        return "\(signingInput).\(Base64.urlEncoded(fixedSaltKey.signature(of: Data(signingInput.utf8))))"
    }

    /// `exp` this many seconds after `now`.
    static func expiry(in seconds: Int64 = 300) -> JSONValue {
        .int(Int64(now.timeIntervalSince1970) + seconds)
    }

    static func bearer(_ token: String) -> String { "Bearer \(token)" }

    static func encodeObject(_ object: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Base64.urlEncoded(try! encoder.encode(object))
    }

    static func decodeObject(_ part: String) -> [String: JSONValue] {
        try! JSONDecoder().decode([String: JSONValue].self, from: Base64.decode(part)!)
    }
}
