import Foundation
import RotaModel

/// What a core's `GET /system/ready` says about it: the leader (200), a standby that may name the
/// leader (503 `{"role": "standby", "leader": URL or null}`), or a core that cannot serve now.
enum CoreRole: Sendable, Hashable {
    /// The core answers requests itself.
    case leader
    /// A standby; `leader` is the leader it named, if any.
    case standby(leader: URL?)
    /// Not reachable, or not ready; `reason` says why.
    case unavailable(reason: String)

    /// The longest leader URL a standby may name.
    static let maxLeaderURLLength = 2048

    /// The role an answer of `/system/ready` with `status` and JSON `body` says; a named leader
    /// is kept only when it is a core's URL that does not leave TLS when the standby was asked over TLS.
    static func read(status: Int, body: JSONValue?, askedOverTLS: Bool) -> CoreRole {
        if (200..<300).contains(status) { return .leader }
        guard status == 503, body?["role"]?.stringValue == "standby" else {
            let message = body?["message"]?.stringValue.map { ": \($0)" } ?? ""
            return .unavailable(reason: "not ready (\(status))\(message)")
        }
        return .standby(leader: body?["leader"]?.stringValue.flatMap { leaderURL($0, askedOverTLS: askedOverTLS) })
    }

    /// `text` as the URL of a leader, or nil when it is too long, not an `http` or `https` URL with
    /// a host, or plain `http` named by a core reached over TLS.
    static func leaderURL(_ text: String, askedOverTLS: Bool) -> URL? {
        guard text.utf8.count <= maxLeaderURLLength, let url = try? CoreConnection.coreURL(text) else { return nil }
        if askedOverTLS, url.scheme?.lowercased() != "https" { return nil }
        return url
    }
}
