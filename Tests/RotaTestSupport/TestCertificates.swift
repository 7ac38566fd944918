import Crypto
import Foundation
import SwiftASN1
import X509

/// A private certificate authority and the certificates TLS tests need, made in-process and
/// written as PEM files into a fresh folder: a valid server certificate for `localhost` and
/// `127.0.0.1`, a second valid one (to swap in on reload), an expired one, one for another host
/// name, one signed by another authority, and a client certificate for mutual TLS.
public struct TestCertificates: Sendable {
    /// A certificate and its private key, as PEM files.
    public struct Pair: Sendable {
        public let certificate: String
        public let key: String

        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }

        /// Overwrites the files of `destination` with this certificate and key.
        public func copy(to destination: Pair) throws {
            try Data(contentsOf: URL(fileURLWithPath: certificate)).write(to: URL(fileURLWithPath: destination.certificate))
            try Data(contentsOf: URL(fileURLWithPath: key)).write(to: URL(fileURLWithPath: destination.key))
        }
    }

    /// The folder every file is in.
    public let directory: URL
    /// The authority that signed every certificate except `otherAuthorityServer`.
    public let authority: String
    /// Another authority, which signed `otherAuthorityServer` only.
    public let otherAuthority: String
    /// For `localhost` and `127.0.0.1`, valid now.
    public let server: Pair
    /// Also for `localhost` and `127.0.0.1`, valid now, with the common name "Rota test server B".
    public let secondServer: Pair
    /// For `localhost` and `127.0.0.1`, expired yesterday.
    public let expiredServer: Pair
    /// For `other.example` only.
    public let wrongHostServer: Pair
    /// For `localhost` and `127.0.0.1`, signed by `otherAuthority`.
    public let otherAuthorityServer: Pair
    /// A client certificate (`rota-worker`) signed by `authority`, for mutual TLS.
    public let client: Pair
    /// A client certificate signed by `otherAuthority`.
    public let otherAuthorityClient: Pair

    /// A copy of `pair` in files of their own (`served.pem`, `served-key.pem`), for a core to serve
    /// while a test swaps another pair into them with `Pair.copy(to:)`.
    public func servedCopy(of pair: Pair) throws -> Pair {
        let served = Pair(
            certificate: directory.appendingPathComponent("served.pem").path, key: directory.appendingPathComponent("served-key.pem").path)
        try pair.copy(to: served)
        return served
    }

    /// Makes the authorities and certificates and writes them into a new temporary folder.
    public static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let now = Date()
        let authority = try Authority(name: "Rota test CA", now: now)
        let other = try Authority(name: "Rota other CA", now: now)
        func write(_ name: String, _ text: String) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try (text.hasSuffix("\n") ? text : text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        func pair(_ name: String, _ made: (certificate: String, key: String)) throws -> Pair {
            Pair(certificate: try write("\(name).pem", made.certificate), key: try write("\(name)-key.pem", made.key))
        }
        let local: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]
        let validity = (now.addingTimeInterval(-3600), now.addingTimeInterval(30 * 86400))
        return TestCertificates(
            directory: directory,
            authority: try write("ca.pem", authority.certificatePEM),
            otherAuthority: try write("other-ca.pem", other.certificatePEM),
            server: try pair("server", authority.issue(commonName: "Rota test server", names: local, validity: validity)),
            secondServer: try pair("server-b", authority.issue(commonName: "Rota test server B", names: local, validity: validity)),
            expiredServer: try pair(
                "expired",
                authority.issue(commonName: "Rota expired server", names: local, validity: (now.addingTimeInterval(-10 * 86400), now.addingTimeInterval(-86400)))),
            wrongHostServer: try pair(
                "wrong-host", authority.issue(commonName: "other.example", names: [.dnsName("other.example")], validity: validity)),
            otherAuthorityServer: try pair("other-server", other.issue(commonName: "Rota other server", names: local, validity: validity)),
            client: try pair("client", authority.issue(commonName: "rota-worker", names: [], validity: validity, usage: .clientAuth)),
            otherAuthorityClient: try pair("other-client", other.issue(commonName: "rota-intruder", names: [], validity: validity, usage: .clientAuth)))
    }

    /// A certificate authority that lives in memory: its key signs the certificates it issues.
    private struct Authority {
        let key: Certificate.PrivateKey
        let name: DistinguishedName
        let certificate: Certificate

        init(name commonName: String, now: Date) throws {
            let signingKey = P256.Signing.PrivateKey()
            key = Certificate.PrivateKey(signingKey)
            name = try DistinguishedName { CommonName(commonName) }
            certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-86400 * 30), notValidAfter: now.addingTimeInterval(86400 * 365),
                issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                },
                issuerPrivateKey: key)
        }

        var certificatePEM: String {
            get throws { try certificate.serializeAsPEM().pemString }
        }

        /// A certificate for `names`, valid from `validity.0` to `validity.1`, with its new key, as PEM.
        func issue(
            commonName: String, names: [GeneralName], validity: (Date, Date), usage: ExtendedKeyUsage.Usage = .serverAuth
        ) throws -> (certificate: String, key: String) {
            let leafKey = P256.Signing.PrivateKey()
            let subject = try DistinguishedName { CommonName(commonName) }
            let leaf = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(leafKey.publicKey),
                notValidBefore: validity.0, notValidAfter: validity.1,
                issuer: name, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([usage])
                    if !names.isEmpty { SubjectAlternativeNames(names) }
                },
                issuerPrivateKey: key)
            return (try leaf.serializeAsPEM().pemString, leafKey.pemRepresentation)
        }
    }
}
