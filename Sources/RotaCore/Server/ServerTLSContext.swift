import Foundation
import NIOConcurrencyHelpers
import NIOSSL

/// The TLS context the core serves new connections with, read from the PEM files of its settings:
/// the certificate chain, its private key and, for mutual TLS, the authorities a client's
/// certificate must be signed by. `reload()` reads the files again and swaps the context for the
/// connections that follow; open connections keep the one they began with.
final class ServerTLSContext: Sendable {
    /// Where the files are.
    struct Files: Sendable {
        let certificate: String
        let key: String
        let clientCA: String?
    }

    let files: Files
    private let context: NIOLockedValueBox<NIOSSLContext>

    /// Reads the files; throws a `ConfigurationError` naming the file that cannot be used and why.
    init(files: Files) throws(ConfigurationError) {
        self.files = files
        context = NIOLockedValueBox(try Self.load(files))
    }

    /// The context of the connections that begin now.
    var current: NIOSSLContext {
        context.withLockedValue { $0 }
    }

    /// Reads the files again and serves new connections with them; when a file cannot be used,
    /// throws why and keeps serving with the context it had.
    func reload() throws(ConfigurationError) {
        let fresh = try Self.load(files)
        context.withLockedValue { $0 = fresh }
    }

    /// A server context of the files.
    static func load(_ files: Files) throws(ConfigurationError) -> NIOSSLContext {
        let chain = try certificates(in: files.certificate, what: "TLS certificate (tls_cert)")
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: try bytes(of: files.key, what: "TLS private key (tls_key)"), format: .pem)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("the TLS private key (tls_key) \(files.key) holds no PEM private key that can be read (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        if let clientCA = files.clientCA {
            configuration.trustRoots = .certificates(try certificates(in: clientCA, what: "client certificate authorities (tls_client_ca)"))
            configuration.certificateVerification = .noHostnameVerification
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch NIOSSLError.failedToLoadPrivateKey {
            throw ConfigurationError(
                "the TLS private key (tls_key) \(files.key) is not the key of the certificate in \(files.certificate)")
        } catch {
            throw ConfigurationError(
                "the TLS certificate \(files.certificate) and key \(files.key) cannot serve TLS: \(error)")
        }
    }

    /// The PEM certificates in the file at `path`, at least one.
    private static func certificates(in path: String, what: String) throws(ConfigurationError) -> [NIOSSLCertificate] {
        let pem = try bytes(of: path, what: what)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw ConfigurationError("the \(what) \(path) is not a PEM certificate file")
        }
        guard !certificates.isEmpty else { throw ConfigurationError("the \(what) \(path) holds no PEM certificate") }
        return certificates
    }

    /// The bytes of the file at `path`, or why it cannot be read.
    private static func bytes(of path: String, what: String) throws(ConfigurationError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw ConfigurationError("the \(what) \(path) cannot be read: \(reason)")
        }
    }
}
