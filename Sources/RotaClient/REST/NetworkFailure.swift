import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Words for why a connection to the core failed, as a user would say them
/// (`connection refused`, `host not found`), from the errors of NIO and AsyncHTTPClient.
enum NetworkFailure {
    /// A short reason for `error`.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return reason(failure.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "host \(error.host) not found" }
            return "no address to connect to for \(error.host)"
        case let error as IOError:
            return errnoReason(error.errnoCode) ?? "\(error)"
        case let error as ChannelError:
            if case .connectTimeout = error { return "connection timed out" }
            return "\(error)"
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout: return "connection timed out"
            case .deadlineExceeded, .readTimeout: return "no answer in time"
            case .remoteConnectionClosed: return "the core closed the connection"
            default: return "\(error)"
            }
        default:
            return "\(error)"
        }
    }

    /// Whether `error` says the request never reached the core (nothing listens, no route, no
    /// name), as opposed to an answer that went wrong.
    static func isUnreachable(_ error: any Error) -> Bool {
        switch error {
        case is NIOConnectionError, is IOError: return true
        case let error as ChannelError:
            if case .connectTimeout = error { return true }
            return false
        case let error as HTTPClientError:
            return error == .connectTimeout || error == .getConnectionFromPoolTimeout || error == .remoteConnectionClosed
        default:
            return false
        }
    }

    private static func errnoReason(_ code: Int32) -> String? {
        switch code {
        case ECONNREFUSED: return "connection refused"
        case ECONNRESET: return "connection reset"
        case ETIMEDOUT: return "connection timed out"
        case EHOSTUNREACH: return "host unreachable"
        case ENETUNREACH: return "network unreachable"
        default: return nil
        }
    }
}
