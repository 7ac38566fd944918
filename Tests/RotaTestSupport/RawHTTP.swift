import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare HTTP/1.1 exchange over a socket, for requests ordinary clients will not send as they
/// are, such as a WebSocket upgrade whose refusal status the test reads.
public enum RawHTTP {
    /// Sends a WebSocket upgrade request for `path` and returns the status and body of the answer.
    /// The exchange runs on a thread of its own: a blocking socket must not hold one of the few
    /// threads the core under test needs to answer.
    public static func upgrade(port: Int, path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        request += "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let text = request
        let response = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try exchange(port: port, request: text) }) }.start()
        }
        let statusLine = response.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = response.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }

    private static func exchange(port: Int, request: String) throws -> String {
        let fd = try RawConnection.connectedSocket(port: port)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return try exchange(request, on: fd)
    }

    /// Sends `request` on the connected socket `fd` and returns the answer, read until the peer
    /// closes the connection, a `101` head has arrived, or a body of `Content-Length` bytes is in.
    public static func exchange(_ request: String, on fd: Int32) throws -> String {
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw TestFailure("send() failed") }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                throw TestFailure("no answer within the socket's receive timeout; \(response.count) bytes had arrived")
            }
            if count <= 0 { break }
            response += buffer[0..<count]
            if let text = String(bytes: response, encoding: .utf8), text.hasPrefix("HTTP/1.1 101"), text.contains("\r\n\r\n") { break }
            if let text = String(bytes: response, encoding: .utf8), let length = contentLength(text),
                let headerEnd = text.range(of: "\r\n\r\n"), text.utf8.count - text.utf8.distance(from: text.startIndex, to: headerEnd.upperBound) >= length
            {
                break
            }
        }
        return String(decoding: response, as: UTF8.self)
    }

    private static func contentLength(_ text: String) -> Int? {
        for line in text.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
