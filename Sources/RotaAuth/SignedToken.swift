import Foundation
import RotaModel

/// A JWT read from an `Authorization` header and decoded, not yet verified.
struct SignedToken: Sendable {
    /// The one algorithm Rota signs and accepts.
    static let algorithm = "HS256"
    /// The longest token read, in bytes; a longer one is refused before any work is done.
    static let maximumLength = 8192

    /// The JOSE header: `alg`, `typ` and `salt`.
    let header: [String: JSONValue]
    /// The claims.
    let payload: [String: JSONValue]
    /// What the signature covers: the header and payload parts exactly as received, joined by a dot.
    let signingInput: Data
    /// The HMAC the token carries.
    let signature: Data

    /// Reads `Bearer <jwt>` (the scheme in any case) from an `Authorization` header value.
    init(authorization: String?) throws(TokenRejection) {
        let value = authorization?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !value.isEmpty else { throw .missingHeader }
        let scheme = value.prefix { $0 != " " }
        guard scheme.lowercased() == "bearer" else { throw .notBearer }
        try self.init(compact: value.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces))
    }

    /// Reads a JWT in compact serialization: three base64url parts separated by dots.
    private init(compact: String) throws(TokenRejection) {
        guard !compact.isEmpty else { throw .malformed("no token after 'Bearer'") }
        guard compact.utf8.count <= Self.maximumLength else {
            throw .malformed("longer than \(Self.maximumLength) bytes")
        }
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .malformed("a JWT has 3 parts separated by dots, this one has \(parts.count)")
        }
        header = try Self.object(parts[0], named: "header")
        payload = try Self.object(parts[1], named: "payload")
        guard let signature = Base64.decode(parts[2]) else { throw .malformed("the signature is not base64url") }
        self.signature = signature
        signingInput = Data("\(parts[0]).\(parts[1])".utf8)
    }

    /// The algorithm the header names, if it names one as a string.
    var algorithm: String? { header["alg"]?.stringValue }

    /// The salt the header carries, decoded from base64.
    func salt() throws(TokenRejection) -> Data {
        switch header["salt"] {
        case nil, .null?, .string("")?:
            throw .missingSalt
        case .string(let text)?:
            guard let salt = Base64.decode(text) else { throw .malformed("the salt is not base64") }
            guard !salt.isEmpty else { throw .missingSalt }
            return salt
        case let other?:
            throw .malformed("the salt is a \(other.typeName), not a base64 string")
        }
    }

    private static func object(_ part: Substring, named name: String) throws(TokenRejection) -> [String: JSONValue] {
        guard let json = Base64.decode(part) else { throw .malformed("the \(name) is not base64url") }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: json) else {
            throw .malformed("the \(name) is not a JSON object")
        }
        return object
    }
}
