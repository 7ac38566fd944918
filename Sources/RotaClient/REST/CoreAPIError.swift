/// Why a request to the core failed, worded for the person who runs the command: what happened
/// and what to do about it.
public enum CoreAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The core could not be reached at `url`; `reason` is what the network said (e.g. `connection refused`).
    case unreachable(url: String, reason: String)
    /// The core answered `request` (e.g. `PUT /subscriber/x`) with an error `status`; `code`,
    /// `message` and `path` (the offending field, if any) are the core's own `{"error", "message", "path"}`.
    case refused(request: String, status: Int, code: String, message: String, path: String?)
    /// The core's answer could not be understood.
    case invalidResponse(reason: String)
    /// A WebSocket connection to the core at `url` ended; `reason` is the core's close reason when it gave one.
    case disconnected(url: String, reason: String)
    /// `request` failed on this side, e.g. because its streamed body failed.
    case failed(request: String, reason: String)
    /// The task that made the request was cancelled.
    case cancelled
    /// TLS with the core at `url` failed or could not be set up; `message` says why and what to do
    /// (e.g. the core's certificate is not trusted, has expired, or names another host).
    case tls(url: String, message: String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason):
            return "cannot reach the core at \(url) (\(reason)); is `rota core` running? Set --core or ROTA_CORE"
        case .refused(let request, let status, let code, let message, let path):
            var text = "the core refused \(request) with \(status) \(code): \(message)"
            if let path, !path.isEmpty, !message.contains(path) { text += " (at \(path))" }
            if status == 401 { text += "; the pre-shared key (--psk or ROTA_PSK) must be the core's" }
            return text
        case .invalidResponse(let reason):
            return "the core's answer cannot be read: \(reason)"
        case .disconnected(let url, let reason):
            return "the connection to the core at \(url) ended: \(reason)"
        case .failed(let request, let reason):
            return "\(request) failed: \(reason)"
        case .cancelled:
            return "the request to the core was cancelled"
        case .tls(_, let message):
            return message
        }
    }

    /// The HTTP status of a refusal, else nil.
    public var status: Int? {
        if case .refused(_, let status, _, _, _) = self { return status }
        return nil
    }

    /// Whether trying the same again later may succeed: the core was unreachable, disconnected,
    /// busy (429) or failing (5xx). A refusal of a token or of a request is not.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .disconnected: return true
        case .refused(_, let status, _, _, _): return status == 429 || status >= 500
        case .invalidResponse, .failed, .cancelled, .tls: return false
        }
    }
}
