import Crypto
import _CryptoExtras
import Foundation

/// A pre-shared key: the secret both the core and its clients know. Tokens are signed with keys
/// derived from it, so the secret itself never travels.
public struct PreSharedKey: Sendable {
    /// PBKDF2-HMAC-SHA256 rounds, as in `fixlib.jwt.key_from_psk`: slow on purpose, so that a
    /// stolen token cannot be used to guess the secret quickly.
    static let derivationRounds = 100_000
    /// The length of a derived signing key, in bytes.
    static let derivedKeyByteCount = 32
    /// The length of a fresh salt, in bytes.
    static let saltByteCount = 16

    let secret: [UInt8]

    /// The key made of `secret`'s UTF-8 bytes.
    public init(_ secret: String) {
        self.secret = Array(secret.utf8)
    }

    /// Whether `candidate` is this key, compared in time that does not depend on where they differ.
    public func matches(_ candidate: String) -> Bool {
        SHA256.hash(data: secret) == SHA256.hash(data: Array(candidate.utf8))
    }

    /// The HS256 signing key for `salt`: PBKDF2-HMAC-SHA256(secret, salt, 100 000 rounds, 32 bytes).
    func signingKey(salt: Data) -> SigningKey {
        let key: SymmetricKey
        do {
            key = try KDF.Insecure.PBKDF2.deriveKey(
                from: secret,
                salt: salt,
                using: .sha256,
                outputByteCount: Self.derivedKeyByteCount,
                unsafeUncheckedRounds: Self.derivationRounds
            )
        } catch {
            preconditionFailure("PBKDF2-HMAC-SHA256 failed: \(error)")
        }
        return SigningKey(key)
    }

    /// Fresh random bytes from the system's secure generator, for a new salt.
    static func randomSalt() -> Data {
        SymmetricKey(size: SymmetricKeySize(bitCount: saltByteCount * 8)).withUnsafeBytes { Data($0) }
    }
}

extension PreSharedKey: CustomStringConvertible, CustomReflectable {
    /// Never the secret, so that logging a configuration does not leak it.
    public var description: String { "PreSharedKey(redacted)" }

    public var customMirror: Mirror { Mirror(self, children: []) }
}
