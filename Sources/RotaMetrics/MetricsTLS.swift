import Foundation
import NIOSSL

/// The certificate and key the metrics exporter serves `/metrics` over HTTPS with, as PEM files.
public struct MetricsTLS: Sendable, Hashable {
    /// The PEM certificate, with its chain.
    public var certificatePath: String
    /// The PEM private key of the certificate.
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// The server configuration of the files; throws a `MetricsTLSError` naming the file that
    /// cannot be used and why.
    public func configuration() throws(MetricsTLSError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(try Self.bytes(of: certificatePath, what: "TLS certificate (--tls-cert)"))
        } catch let error as MetricsTLSError {
            throw error
        } catch {
            throw MetricsTLSError("the TLS certificate (--tls-cert) \(certificatePath) is not a PEM certificate file")
        }
        guard !chain.isEmpty else { throw MetricsTLSError("the TLS certificate (--tls-cert) \(certificatePath) holds no PEM certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: try Self.bytes(of: keyPath, what: "TLS private key (--tls-key)"), format: .pem)
        } catch let error as MetricsTLSError {
            throw error
        } catch {
            throw MetricsTLSError("the TLS private key (--tls-key) \(keyPath) holds no PEM private key that can be read")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw MetricsTLSError("the TLS private key (--tls-key) \(keyPath) is not the key of the certificate in \(certificatePath)")
        }
        return configuration
    }

    private static func bytes(of path: String, what: String) throws(MetricsTLSError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw MetricsTLSError("the \(what) \(path) cannot be read: \(reason)")
        }
    }
}

/// A TLS file of the metrics exporter that cannot be used: which, and why.
public struct MetricsTLSError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
