import Foundation
import NIOSSL

/// How a client of the core speaks TLS with an `https` core: the certificate authorities it trusts
/// beside the system's, and the certificate it presents when the core asks for one (mutual TLS).
/// Host names are always verified: the core's certificate must name the host of its URL.
public struct ClientTLS: Sendable, Hashable {
    /// A PEM file of certificate authorities trusted in addition to the system's roots (a private
    /// CA that signed the core's certificate); nil trusts the system's roots only.
    public var certificateAuthorityPath: String?
    /// A PEM certificate (with its chain) to present to a core that asks for one.
    public var certificatePath: String?
    /// The PEM private key of `certificatePath`.
    public var keyPath: String?

    public init(certificateAuthorityPath: String? = nil, certificatePath: String? = nil, keyPath: String? = nil) {
        self.certificateAuthorityPath = certificateAuthorityPath
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// The TLS configuration of connections to the core: full verification (chain and host name)
    /// against the system's roots and `certificateAuthorityPath`, and the client certificate.
    /// Throws a `ClientTLSError` naming the file that cannot be used and why.
    public func configuration() throws(ClientTLSError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        // How long a closing connection waits for the core's close_notify, so that an actor or a
        // command that ends is not held up by a core that does not answer one.
        configuration.shutdownTimeout = .seconds(1)
        if let path = certificateAuthorityPath {
            configuration.additionalTrustRoots = [.certificates(try Self.certificates(in: path, what: "certificate authority file (--ca-cert)"))]
        }
        switch (certificatePath, keyPath) {
        case (nil, nil):
            break
        case (let certificate?, let key?):
            configuration.certificateChain = try Self.certificates(in: certificate, what: "client certificate (--cert)").map { .certificate($0) }
            let keyBytes = try Self.bytes(of: key, what: "client certificate's key (--cert-key)")
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyBytes, format: .pem))
            } catch {
                throw ClientTLSError("the client certificate's key (--cert-key) \(key) holds no PEM private key that can be read")
            }
        case (_?, nil):
            throw ClientTLSError("a client certificate (--cert) needs its private key: pass --cert-key too")
        case (nil, _?):
            throw ClientTLSError("a private key (--cert-key) goes with a client certificate: pass --cert too")
        }
        return configuration
    }

    /// The PEM certificates in the file at `path`, at least one.
    static func certificates(in path: String, what: String) throws(ClientTLSError) -> [NIOSSLCertificate] {
        let pem = try bytes(of: path, what: what)
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(pem), !certificates.isEmpty else {
            throw ClientTLSError("the \(what) \(path) holds no PEM certificate")
        }
        return certificates
    }

    /// The bytes of the file at `path`, or why it cannot be read.
    private static func bytes(of path: String, what: String) throws(ClientTLSError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw ClientTLSError("the \(what) \(path) cannot be read: \(reason)")
        }
    }
}

/// A TLS file of a client that cannot be used: which, and why.
public struct ClientTLSError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
