import Foundation
import RotaTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A caller of the core on 127.0.0.1 from a loopback address of its choice (127.0.0.2 and on
/// serve as well as 127.0.0.1 on Linux), so that a test can be several callers at once. Each
/// request goes on a connection of its own, closed after the answer, on a thread of its own.
struct LoopbackCaller {
    /// The address the requests come from, e.g. `127.0.0.3`.
    let address: String
    let port: Int

    /// An answer: its status, its headers by lowercased name, and its body.
    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    /// `GET path` with the `Authorization` header given, if any.
    func get(_ path: String, authorization: String?) async throws -> Answer {
        try await send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n" + Self.authorizationLine(authorization) + "\r\n")
    }

    /// A WebSocket upgrade request for `path` with the `Authorization` header given, if any.
    func upgrade(_ path: String, authorization: String?) async throws -> Answer {
        let request = RawConnection.upgradeRequest(path: path, port: port)
        return try await send(String(request.dropLast("\r\n".count)) + Self.authorizationLine(authorization) + "\r\n")
    }

    private static func authorizationLine(_ authorization: String?) -> String {
        authorization.map { "Authorization: \($0)\r\n" } ?? ""
    }

    private func send(_ request: String) async throws -> Answer {
        let (address, port) = (self.address, self.port)
        let response = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Self.exchange(request, from: address, port: port) }) }.start()
        }
        let text = String(decoding: response, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let lines = head.split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// Sends `request` from `address` and reads until the core closes the connection, or until a
    /// `101` head has arrived.
    private static func exchange(_ request: String, from address: String, port: Int) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(address)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafePointer(to: &local, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }) == 0,
            withUnsafePointer(to: &remote, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) } }) == 0
        else { throw TestFailure("cannot connect from \(address) to 127.0.0.1:\(port)") }
        let bytes = Array(request.utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw TestFailure("send() failed") }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[0..<count]
            if response.starts(with: Array("HTTP/1.1 101".utf8)), String(decoding: response, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        return response
    }
}
