import Crypto
import Foundation

/// An HS256 key derived from the pre-shared key for one salt: it signs and checks tokens.
///
/// `@unchecked Sendable` because swift-crypto 3 does not mark `SymmetricKey` `Sendable`, though
/// it is an immutable value whose storage is never written after the key is made.
struct SigningKey: @unchecked Sendable {
    private let key: SymmetricKey

    init(_ key: SymmetricKey) {
        self.key = key
    }

    /// The HMAC-SHA256 of `message`.
    func signature(of message: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// Whether `signature` is the HMAC-SHA256 of `message`, compared in constant time.
    func isSignature(_ signature: Data, of message: Data) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key)
    }
}
