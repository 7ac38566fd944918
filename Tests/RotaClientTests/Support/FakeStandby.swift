import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaTestSupport
import Synchronization

/// A small HTTP server that plays a standby core: `GET /system/ready` answers `503` with
/// `{"role": "standby", "leader": ...}`, and every other request is answered as `requests` says.
/// It records the requests it was sent (method and path with query), for a test to look at.
final class FakeStandby: Sendable {
    /// How the fake answers requests other than `/system/ready`.
    enum Requests: Sendable {
        /// `307` with `Location: <location><path and query>`.
        case redirect(to: String)
        /// `503` with an error answer.
        case unavailable
        /// A WebSocket upgrade is refused with `503` naming the leader; any other request is
        /// answered `200` with `{}`, as a core that took it would.
        case refuseWebSockets
    }

    /// The leader's URL the fake names, or nil.
    let leader: String?
    let requests: Requests
    private let seen = Mutex<[String]>([])
    private let port = Mutex<Int?>(nil)

    init(leader: String?, requests: Requests) {
        self.leader = leader
        self.requests = requests
    }

    /// Where the fake listens, once it does.
    var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 } ?? 0)" }

    /// Every request sent so far, as `METHOD /path?query`, oldest first.
    var received: [String] { seen.withLock { $0 } }

    /// Runs `body` while the fake serves on a free loopback port, and stops it afterwards.
    func serving<T>(_ body: () async throws -> T) async throws -> T {
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in self.answer(request) },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in self.port.withLock { $0 = channel.localAddress?.port } },
            logger: testLogger("rota.test.standby"))
        let running = Task { try await application.runService() }
        defer { running.cancel() }
        try await eventually("the fake standby listens", within: patience) { port.withLock { $0 } != nil }
        return try await body()
    }

    private func answer(_ request: Request) -> Response {
        let target = request.uri.description
        seen.withLock { $0.append("\(request.method.rawValue) \(target)") }
        if request.uri.path == "/system/ready" {
            let named = leader.map { "\"\($0)\"" } ?? "null"
            return Self.json(.serviceUnavailable, "{\"role\": \"standby\", \"leader\": \(named)}")
        }
        switch requests {
        case .redirect(let location):
            return Response(status: .temporaryRedirect, headers: [.location: location + target])
        case .unavailable:
            return Self.json(.serviceUnavailable, "{\"error\": \"standby\", \"message\": \"this core is a standby\"}")
        case .refuseWebSockets:
            if request.headers[.secWebSocketKey] != nil {
                return Self.json(.serviceUnavailable, "{\"error\": \"standby\", \"message\": \"the leader is at \(leader ?? "")\"}")
            }
            return Self.json(.ok, "{}")
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
