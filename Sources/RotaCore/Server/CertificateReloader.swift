import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the core's certificate, key and client authorities again on every SIGHUP, so that a
/// renewed certificate is served to new connections without a restart and without closing the
/// open ones. A reload that fails is logged and the core goes on with what it served.
struct CertificateReloader: Service {
    let tls: ServerTLSContext
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            Self.reload(tls, logger: logger)
        }
    }

    /// Reloads `tls` and logs the outcome; a failure keeps the context it had.
    static func reload(_ tls: ServerTLSContext, logger: Logger) {
        do {
            try tls.reload()
            logger.notice("TLS certificate reloaded from \(tls.files.certificate)")
            if let warning = tls.expiryWarning() { logger.warning("\(warning)") }
        } catch {
            logger.error("TLS certificate not reloaded, still serving the previous one: \(error.message)")
        }
    }
}
