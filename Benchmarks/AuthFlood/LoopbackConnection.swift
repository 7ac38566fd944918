import Foundation
import RotaBenchmarkSupport
#if canImport(Glibc)
import Glibc
#endif

/// A kept-alive HTTP/1.1 connection to the core on 127.0.0.1, opened from a chosen loopback
/// address (127.0.0.2 and on are as good as 127.0.0.1 on Linux), so that each flooding client
/// is a caller of its own to the core. Requests go one after the other; calls block.
final class LoopbackConnection {
    private var fd: Int32 = -1
    private var received: [UInt8] = []
    private let source: String
    private let port: Int

    /// A connection to the core at `port` from `source`; it connects on the first request.
    init(from source: String, port: Int) {
        self.source = source
        self.port = port
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Sends `request` and returns the status of its answer, reconnecting once when the core
    /// closed the connection in between.
    func exchange(_ request: [UInt8]) throws -> Int {
        do {
            return try exchangeOnce(request)
        } catch {
            disconnect()
            return try exchangeOnce(request)
        }
    }

    private func exchangeOnce(_ request: [UInt8]) throws -> Int {
        if fd < 0 { fd = try LoopbackSocket.connect(from: source, port: port, readTimeout: 60) }
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { throw BenchmarkFailure("send() failed") }
        return try readResponse()
    }

    private func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        received = []
    }

    /// Reads one response (its head and a body of `Content-Length` bytes or chunks) and returns its status.
    private func readResponse() throws -> Int {
        let headEnd: Int = try readUntil { Self.find([13, 10, 13, 10], in: $0).map { $0 + 4 } }
        let head = String(decoding: received[0..<headEnd], as: UTF8.self).lowercased()
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let lines = head.split(separator: "\r\n")
        let bodyEnd: Int
        if let line = lines.first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            bodyEnd = try readUntil { $0.count >= headEnd + length ? headEnd + length : nil }
        } else if lines.contains(where: { $0.hasPrefix("transfer-encoding:") && $0.contains("chunked") }) {
            bodyEnd = try readUntil { bytes in
                Self.find([48, 13, 10, 13, 10], in: Array(bytes[headEnd...])).map { headEnd + $0 + 5 }
            }
        } else {
            bodyEnd = headEnd
        }
        received.removeFirst(bodyEnd)
        return status
    }

    /// Reads until `complete` finds the end of what is wanted in the bytes received so far.
    private func readUntil(_ complete: ([UInt8]) -> Int?) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            if let end = complete(received) { return end }
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { throw BenchmarkFailure("the core closed the connection") }
            received += buffer[0..<count]
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
