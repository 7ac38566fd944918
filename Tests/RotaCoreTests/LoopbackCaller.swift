import Foundation
import RotaBenchmarkSupport
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
        let text = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Self.exchange(request, from: address, port: port) }) }.start()
        }
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

    /// Sends `request` from `address` and reads the answer, or the head of a `101`.
    private static func exchange(_ request: String, from address: String, port: Int) throws -> String {
        let fd = try LoopbackSocket.connect(from: address, port: port, readTimeout: 30)
        defer { close(fd) }
        return try RawHTTP.exchange(request, on: fd)
    }
}
