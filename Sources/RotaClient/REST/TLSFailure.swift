import NIOPosix
import NIOSSL

/// What went wrong in TLS with the core, read from the errors of NIOSSL and BoringSSL, whose
/// reason texts (`CERTIFICATE_VERIFY_FAILED`, `WRONG_VERSION_NUMBER`, an alert the core sent) say it.
enum TLSFailure: Equatable {
    /// The core's certificate did not pass verification: its chain, dates or host name.
    case certificateNotVerified
    /// The core answered with something that is not TLS (a plain HTTP core).
    case notTLS
    /// The core asks for a client certificate and none was presented.
    case clientCertificateRequired
    /// The core did not accept the client certificate presented; `alert` is its reason.
    case clientCertificateRefused(alert: String)
    /// A WebSocket over TLS to an IP address: its client sends the host in SNI, which cannot be an address.
    case addressInsteadOfName
    /// Another TLS failure, with BoringSSL's words.
    case other(String)

    /// The failure `error` is, or nil when it is not one of TLS.
    init?(_ error: any Error) {
        let text: String
        switch error {
        case let error as NIOConnectionError:
            guard let attempt = error.connectionErrors.first, let failure = TLSFailure(attempt.error) else { return nil }
            self = failure
            return
        case let error as NIOSSLExtraError:
            if error == .failedToValidateHostname || error == .serverHostnameImpossibleToMatch {
                self = .certificateNotVerified
                return
            }
            if error == .cannotUseIPAddressInSNI {
                self = .addressInsteadOfName
                return
            }
            text = "\(error)"
        case let error as NIOSSLError:
            text = "\(error)"
        case let error as BoringSSLError:
            text = "\(error)"
        default:
            return nil
        }
        self = Self(reasonText: text)
    }

    /// The failure a BoringSSL error text says.
    init(reasonText text: String) {
        let upper = text.uppercased()
        if upper.contains("CERTIFICATE_VERIFY_FAILED") || upper.contains("HOSTNAME MISMATCH") || upper.contains("CERTIFICATE HAS EXPIRED") {
            self = .certificateNotVerified
        } else if upper.contains("WRONG_VERSION_NUMBER") || upper.contains("HTTP_REQUEST") || upper.contains("PACKET_LENGTH_TOO_LONG") {
            self = .notTLS
        } else if upper.contains("CERTIFICATE_REQUIRED") || upper.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") {
            self = .clientCertificateRequired
        } else if let alert = Self.alerts.first(where: { upper.contains($0.code) }) {
            self = .clientCertificateRefused(alert: alert.words)
        } else {
            self = .other(text)
        }
    }

    /// The alerts a core sends about a client certificate it does not accept, in plain words.
    private static let alerts: [(code: String, words: String)] = [
        ("ALERT_UNKNOWN_CA", "it is not signed by an authority the core trusts (tls_client_ca)"),
        ("ALERT_CERTIFICATE_EXPIRED", "it has expired"),
        ("ALERT_BAD_CERTIFICATE", "the core finds it bad"),
        ("ALERT_UNSUPPORTED_CERTIFICATE", "the core does not accept its kind (a client certificate needs the clientAuth usage)"),
        ("ALERT_CERTIFICATE_UNKNOWN", "the core cannot verify it"),
        ("ALERT_HANDSHAKE_FAILURE", "the handshake failed"),
    ]
}
