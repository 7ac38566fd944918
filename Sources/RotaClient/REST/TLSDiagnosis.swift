import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Turns a TLS failure with the core into a message that says what is wrong and what to do. When
/// the core's certificate did not pass verification, it looks at that certificate over a second,
/// unverified connection (nothing is sent on it): expired, not yet valid, for another host, or not
/// signed by an authority this client trusts.
struct TLSDiagnosis {
    let connection: CoreConnection
    /// The configuration the failed connection used; nil when it could not be made.
    let configuration: TLSConfiguration?

    /// How long each look at the core's certificate may take.
    static let probeTimeout = TimeAmount.seconds(5)

    /// The message for `failure`.
    func explain(_ failure: TLSFailure) async -> String {
        let url = connection.base
        switch failure {
        case .certificateNotVerified:
            return "the core's certificate at \(url) is not trusted: \(await certificateProblem())"
        case .notTLS:
            return "the core at \(url) does not speak TLS; if it serves plain HTTP, write its URL with http://"
        case .clientCertificateRequired:
            return "the core at \(url) asks for a client certificate: pass --cert and --cert-key (ROTA_CERT, ROTA_CERT_KEY)"
        case .clientCertificateRefused(let alert):
            let certificate = connection.tls.certificatePath.map { " \($0)" } ?? ""
            return "the core at \(url) did not accept the client certificate\(certificate): \(alert)"
        case .addressInsteadOfName:
            return "a WebSocket over TLS needs the core's host name, not an IP address: use a name the core's certificate holds in its URL (\(url))"
        case .other(let reason):
            return "TLS with the core at \(url) failed: \(reason)"
        }
    }

    /// Whether the server at the URL's host and port completes a TLS handshake, for an `http`
    /// URL whose server closed the connection: a core that serves TLS.
    func speaksTLS() async -> Bool {
        guard let host = connection.url.host else { return false }
        return await peerCertificate(host: host, verification: .none) != nil
    }

    /// What is wrong with the core's certificate.
    private func certificateProblem() async -> String {
        let untrusted: String
        if let authority = connection.tls.certificateAuthorityPath {
            untrusted = "it is not signed by a CA in \(authority) (or the system's); pass --ca-cert with the CA that signed it"
        } else {
            untrusted = "it is not signed by a CA the system trusts; pass --ca-cert with the CA that signed it"
        }
        guard let host = connection.url.host, let certificate = await peerCertificate(host: host, verification: .none) else {
            return untrusted
        }
        let now = time(nil)
        if certificate.notValidAfter < now {
            return "it expired on \(Self.date(certificate.notValidAfter))"
        }
        if certificate.notValidBefore > now {
            return "it is not valid before \(Self.date(certificate.notValidBefore)); is this machine's clock right?"
        }
        if await peerCertificate(host: host, verification: .noHostnameVerification) != nil {
            let names = Self.names(of: certificate)
            let holds = names.isEmpty ? "no host name" : names.joined(separator: ", ")
            return "it is for \(holds), not \(host)"
        }
        return untrusted
    }

    /// The certificate the core presents at `host`, after a handshake with `verification` and this
    /// client's trust roots; nil when that handshake fails.
    private func peerCertificate(host: String, verification: CertificateVerification) async -> NIOSSLCertificate? {
        var probe = configuration ?? TLSConfiguration.makeClientConfiguration()
        probe.certificateVerification = verification
        guard let context = try? NIOSSLContext(configuration: probe) else { return nil }
        let port = connection.url.port ?? (connection.usesTLS ? 443 : 80)
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(Self.probeTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(handler: handler))
                }
            }
        guard let channel = try? await bootstrap.connect(host: host, port: port).get() else { return nil }
        defer { channel.close(promise: nil) }
        let certificate = try? await channel.eventLoop.flatSubmit {
            guard let watcher = try? channel.pipeline.syncOperations.handler(type: HandshakeWatcher.self), let certificate = watcher.certificate else {
                return channel.eventLoop.makeSucceededFuture(NIOSSLCertificate?.none)
            }
            let bound = NIOLoopBound(watcher, eventLoop: channel.eventLoop)
            channel.eventLoop.scheduleTask(in: Self.probeTimeout) { bound.value.finish(nil) }
            return certificate
        }.get()
        return certificate ?? nil
    }

    /// A certificate's DNS names and IP addresses.
    private static func names(of certificate: NIOSSLCertificate) -> [String] {
        certificate._subjectAlternativeNames().compactMap { name in
            switch name.nameType {
            case .dnsName: return String(decoding: Array(name.contents), as: UTF8.self)
            case .ipAddress:
                let bytes = Array(name.contents)
                if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
                return stride(from: 0, to: bytes.count, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }.joined(separator: ":")
            default: return nil
            }
        }
    }

    private static func date(_ time: time_t) -> String {
        Date(timeIntervalSince1970: TimeInterval(time)).formatted(.iso8601)
    }
}

/// Waits for a probe connection's handshake: completes with the peer's certificate when it
/// succeeds, with nil when it fails or the connection closes first.
private final class HandshakeWatcher: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    private let handler: NIOSSLClientHandler
    private var promise: EventLoopPromise<NIOSSLCertificate?>?
    /// The peer's certificate once the handshake ends.
    private(set) var certificate: EventLoopFuture<NIOSSLCertificate?>?

    init(handler: NIOSSLClientHandler) {
        self.handler = handler
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: NIOSSLCertificate?.self)
        self.promise = promise
        certificate = promise.futureResult
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { finish(handler.peerCertificate) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(nil)
        context.fireChannelInactive()
    }

    /// Completes the wait once; later calls do nothing.
    func finish(_ certificate: NIOSSLCertificate?) {
        promise?.succeed(certificate)
        promise = nil
    }
}
