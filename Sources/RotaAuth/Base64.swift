import Foundation

/// The two base64 spellings of the token format: base64url without padding for a JWT's parts
/// (RFC 7515), standard base64 for the salt in its header. Reading accepts either alphabet,
/// with or without padding.
enum Base64 {
    /// `bytes` as base64url without padding.
    static func urlEncoded(_ bytes: some DataProtocol) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The bytes of base64 or base64url text, padded or not; `nil` when it is neither.
    static func decode(_ text: some StringProtocol) -> Data? {
        var standard = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.hasSuffix("=") { standard.removeLast() }
        guard standard.utf8.count % 4 != 1 else { return nil }
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard)
    }
}
