import Foundation
import NIOSSL
import RotaModel
import Synchronization

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

    /// A context read from the files, and when the certificate it serves expires.
    struct Loaded: Sendable {
        let context: NIOSSLContext
        let expiry: Date
    }

    /// How long before its expiry a certificate is warned about.
    static let renewalWarning: TimeInterval = 14 * 86400

    let files: Files
    private let loaded: Mutex<Loaded>

    /// Reads the files; throws a `ConfigurationError` naming the file that cannot be used and why.
    init(files: Files) throws(ConfigurationError) {
        self.files = files
        loaded = Mutex(try Self.load(files))
    }

    /// The context of the connections that begin now.
    var current: NIOSSLContext {
        loaded.withLock { $0.context }
    }

    /// Reads the files again and serves new connections with them; when a file cannot be used,
    /// throws why and keeps serving with the context it had.
    func reload() throws(ConfigurationError) {
        let fresh = try Self.load(files)
        loaded.withLock { $0 = fresh }
    }

    /// What to tell the operator when the certificate served has expired (clients refuse it) or
    /// expires within `renewalWarning`; nil otherwise.
    func expiryWarning(now: Date = Date()) -> String? {
        let expiry = loaded.withLock { $0.expiry }
        let date = Timestamp.string(expiry, fraction: .asNeeded)
        if expiry <= now {
            return "the TLS certificate \(files.certificate) expired on \(date): clients refuse it; renew it and send SIGHUP"
        }
        guard expiry.timeIntervalSince(now) < Self.renewalWarning else { return nil }
        return "the TLS certificate \(files.certificate) expires on \(date): renew it and send SIGHUP"
    }

    /// A server context of the files.
    static func load(_ files: Files) throws(ConfigurationError) -> Loaded {
        let chain = try certificates(in: files.certificate, what: "TLS certificate (tls_cert)")
        let expiry = Date(timeIntervalSince1970: TimeInterval(chain[0].notValidAfter))
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
        // How long a closing connection waits for the client's close_notify: a client that never
        // sends one keeps its connection (and its place under max_connections) no longer than this.
        configuration.shutdownTimeout = .seconds(1)
        if let clientCA = files.clientCA {
            configuration.trustRoots = .certificates(try certificates(in: clientCA, what: "client certificate authorities (tls_client_ca)"))
            configuration.certificateVerification = .noHostnameVerification
        }
        do {
            return Loaded(context: try NIOSSLContext(configuration: configuration), expiry: expiry)
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
