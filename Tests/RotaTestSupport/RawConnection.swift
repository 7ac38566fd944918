import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to a core driven by hand, for what ordinary clients do not do on purpose:
/// send part of a request and stop, reset a connection, send several requests and then a
/// WebSocket upgrade on one connection. Blocking socket calls run on threads of their own, so
/// that they never hold one of the few threads the core under test needs.
public final class RawConnection: @unchecked Sendable {
    private var fd: Int32
    private var received: [UInt8] = []

    /// Opens a connection to the core at `port` on 127.0.0.1.
    public init(port: Int) throws {
        fd = try Self.connectedSocket(port: port)
    }

    /// A TCP socket connected to `port` on 127.0.0.1; the caller closes it.
    public static func connectedSocket(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw TestFailure("connect() failed")
        }
        return fd
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// The upgrade request of a WebSocket at `path`.
    public static func upgradeRequest(path: String, port: Int) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    }

    public func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    public func send(_ bytes: [UInt8]) throws {
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw TestFailure("send() failed") }
    }

    /// Sends a WebSocket text frame, masked as a client must.
    public func sendTextFrame(_ text: String) throws {
        try sendFrame(opcode: 0x1, payload: Array(text.utf8))
    }

    /// Sends a short WebSocket frame of any opcode, masked as a client must; `fin` false leaves
    /// its message unfinished.
    public func sendFrame(opcode: UInt8, fin: Bool = true, payload: [UInt8]) throws {
        precondition(payload.count < 126, "a short frame")
        let mask: [UInt8] = [1, 2, 3, 4]
        try send([(fin ? 0x80 : 0) | opcode, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
    }

    /// Reads one HTTP response: its status, and its body by its `Content-Length` (none for `101`).
    public func readResponse(within seconds: Double = patience) async throws -> (status: Int, body: String) {
        let headEnd = try await receive(within: seconds) { Self.range(of: [13, 10, 13, 10], in: $0) != nil }
        let end = Self.range(of: [13, 10, 13, 10], in: headEnd)!.upperBound
        let head = String(decoding: received[..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        _ = try await receive(within: seconds) { $0.count >= end + length }
        let body = String(decoding: received[end..<(end + length)], as: UTF8.self)
        received.removeFirst(end + length)
        return (status, body)
    }

    /// Reads one unmasked WebSocket frame from the core and returns its payload as text.
    public func readFrame(within seconds: Double = patience) async throws -> String {
        String(decoding: try await readFrameBytes(within: seconds).payload, as: UTF8.self)
    }

    /// Reads one unmasked WebSocket frame from the core: its opcode and its payload.
    public func readFrameBytes(within seconds: Double = patience) async throws -> (opcode: UInt8, payload: [UInt8]) {
        _ = try await receive(within: seconds) { bytes in
            guard bytes.count >= 2 else { return false }
            let length = Int(bytes[1] & 0x7f)
            if length == 126 { return bytes.count >= 4 && bytes.count >= 4 + (Int(bytes[2]) << 8 | Int(bytes[3])) }
            return bytes.count >= 2 + length
        }
        var length = Int(received[1] & 0x7f)
        var start = 2
        if length == 126 {
            length = Int(received[2]) << 8 | Int(received[3])
            start = 4
        }
        let frame = (opcode: received[0] & 0x0f, payload: Array(received[start..<(start + length)]))
        received.removeFirst(start + length)
        return frame
    }

    /// Whether the core closes the connection within `seconds` (reading anything it still sends).
    public func closesWithin(_ seconds: Double) async -> Bool {
        do {
            _ = try await receive(within: seconds) { _ in false }
            return false
        } catch ConnectionClosed.byPeer {
            return true
        } catch {
            return false
        }
    }

    /// Closes the connection in order (a FIN), without reading what the core still sends.
    public func finish() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Resets the connection at once (`SO_LINGER` 0, then close): the core sees a reset, not an
    /// orderly close. Nothing can be sent or read afterwards.
    public func reset() {
        guard fd >= 0 else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        Glibc.close(fd)
        fd = -1
    }

    private enum ConnectionClosed: Error {
        case byPeer
    }

    /// Reads until `done` holds for what was received, the time is up (throws) or the peer
    /// closes (throws ``ConnectionClosed``); returns what was received.
    private func receive(within seconds: Double, until done: @escaping @Sendable ([UInt8]) -> Bool) async throws -> [UInt8] {
        if done(received) { return received }
        let fd = self.fd
        let start = received
        let result: Result<[UInt8], any Error> = await withCheckedContinuation { continuation in
            Thread {
                var bytes = start
                let deadline = Date().addingTimeInterval(seconds)
                var buffer = [UInt8](repeating: 0, count: 65536)
                while !done(bytes) {
                    let left = deadline.timeIntervalSinceNow
                    guard left > 0 else {
                        continuation.resume(returning: .failure(TestFailure("nothing more within \(seconds) s")))
                        return
                    }
                    var timeout = timeval(tv_sec: Int(left), tv_usec: Int((left - left.rounded(.down)) * 1_000_000))
                    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    let count = recv(fd, &buffer, buffer.count, 0)
                    if count == 0 || (count < 0 && errno == ECONNRESET) {
                        continuation.resume(returning: .failure(ConnectionClosed.byPeer))
                        return
                    }
                    if count > 0 { bytes += buffer[0..<count] }
                }
                continuation.resume(returning: .success(bytes))
            }.start()
        }
        received = try result.get()
        return received
    }

    private static func range(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where Array(bytes[start..<(start + needle.count)]) == needle {
            return start..<(start + needle.count)
        }
        return nil
    }
}
