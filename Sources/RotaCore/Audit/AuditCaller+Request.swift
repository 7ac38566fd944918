import Hummingbird
import NIOCore
import NIOSSL
import RotaModel
import RotaStore

extension AuditCaller {
    /// Who sent the request of `context`: its address, and the client certificate's common name
    /// on a mutual-TLS connection, else the subject of its token, else `psk` for a valid token
    /// without one, else `anonymous` (a core without a pre-shared key).
    static func of(_ context: CoreRequestContext) async -> AuditCaller {
        let certificate = try? await context.channel.nioSSL_peerCertificate().get()
        let commonName = certificate?.subjectName.last { $0.type == .commonName }?.value
        return AuditCaller(
            address: context.remoteAddress?.ipAddress,
            identity: identity(certificateName: commonName, tokenPayload: context.tokenPayload))
    }

    /// The identity of a caller, told apart by where it comes from so that a token cannot pass
    /// for a certificate: `cert:NAME`, `token:SUBJECT`, `psk` or `anonymous`, at most
    /// `AuditBounds.textCharacters` characters.
    static func identity(certificateName: String?, tokenPayload: [String: JSONValue]?) -> String {
        if let certificateName, !certificateName.isEmpty { return AuditBounds.text("cert:" + certificateName) }
        guard let tokenPayload else { return "anonymous" }
        if case .string(let subject)? = tokenPayload["sub"], !subject.isEmpty { return AuditBounds.text("token:" + subject) }
        return "psk"
    }
}
