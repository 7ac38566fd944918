import Foundation
import Glibc
import Synchronization

/// A small HTTP server on a loopback port that webhooks are sent to in tests: it answers each
/// request as `answer` says for its path, or never answers (`hang`) and notes when the client
/// gives up the connection. It keeps the head of every request it got. Blocking socket calls run
/// on threads of their own.
final class HookServer: Sendable {
    /// What the server answers: a status and headers.
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String] = [:]
    }

    let port: Int
    private let listener: Int32
    private let heads = Mutex<[String]>([])
    private let abandoned = Mutex(0)

    /// Listens on 127.0.0.1; `answer` decides the answer for a request's path, and with `hang`
    /// the server reads requests but never answers them.
    init(hang: Bool = false, answer: @escaping @Sendable (String) -> Answer = { _ in Answer(status: 200) }) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw HookServerError("cannot listen: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else {
                    Glibc.close(listener)
                    return
                }
                Thread.detachNewThread { self.serve(connection, hang: hang, answer: answer) }
            }
        }
    }

    /// The heads (request line and headers) of the requests received so far.
    var received: [String] { heads.withLock { $0 } }

    /// How many connections the client closed while the server had not answered.
    var abandonedConnections: Int { abandoned.withLock { $0 } }

    /// Stops listening. The accepting thread closes the socket as it ends, so that its number
    /// cannot be taken by another socket while the thread may still accept on it.
    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func serve(_ connection: Int32, hang: Bool, answer: (String) -> Answer) {
        defer { Glibc.close(connection) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !bytes.contains(subsequence: [13, 10, 13, 10]) {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            bytes += buffer[..<count]
        }
        let head = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        heads.withLock { $0.append(head) }
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        while bytes.count < head.utf8.count + 4 + length {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            bytes += buffer[..<count]
        }
        if hang {
            while recv(connection, &buffer, buffer.count, 0) > 0 {}
            abandoned.withLock { $0 += 1 }
            return
        }
        let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let reply = answer(path)
        let headers = reply.headers.map { "\($0.key): \($0.value)\r\n" }.joined()
        let response = Array("HTTP/1.1 \(reply.status) Answer\r\nContent-Length: 2\r\nConnection: close\r\n\(headers)\r\nok".utf8)
        _ = send(connection, response, response.count, Int32(MSG_NOSIGNAL))
    }
}

/// The server could not start.
struct HookServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
