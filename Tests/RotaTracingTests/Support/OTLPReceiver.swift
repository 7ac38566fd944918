import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaTestSupport
import Synchronization

/// An OpenTelemetry collector for one test: it takes OTLP/HTTP JSON exports on
/// `POST /v1/traces` at a free loopback port and keeps the spans, for the test to look at.
final class OTLPReceiver: Sendable {
    private let spans = Mutex<[ReceivedSpan]>([])
    private let requestCount = Mutex(0)
    private let problems = Mutex<[String]>([])
    private let port = Mutex<Int?>(nil)

    /// The endpoint to give a core or an actor.
    var endpoint: String { "http://127.0.0.1:\(port.withLock { $0 } ?? 0)" }

    /// Every span received so far.
    var received: [ReceivedSpan] { spans.withLock { $0 } }

    /// How many export requests arrived.
    var requests: Int { requestCount.withLock { $0 } }

    /// Runs `body` while the receiver serves, and stops it afterwards; an export that could not
    /// be read fails the test.
    func serving<T>(_ body: (OTLPReceiver) async throws -> T) async throws -> T {
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await self.answer(request) },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in self.port.withLock { $0 = channel.localAddress?.port } },
            logger: testLogger("rota.test.otlp"))
        let running = Task { try await application.runService() }
        defer { running.cancel() }
        try await eventually("the OTLP receiver listens") { port.withLock { $0 } != nil }
        let result = try await body(self)
        if let problem = problems.withLock({ $0.first }) { throw TestFailure(problem) }
        return result
    }

    /// Waits until the spans received hold what `condition` looks for, and returns them.
    @discardableResult
    func waitForSpans(_ what: String, _ condition: ([ReceivedSpan]) -> Bool) async throws -> [ReceivedSpan] {
        try await eventually(what) { condition(received) }
        return received
    }

    private func answer(_ request: Request) async -> Response {
        guard request.method == .post, request.uri.path == "/v1/traces" else { return Self.json(.notFound, "{}") }
        requestCount.withLock { $0 += 1 }
        do {
            let body = try await request.body.collect(upTo: 64 << 20)
            let batch = try ReceivedSpan.spans(in: Data(buffer: body))
            spans.withLock { $0 += batch }
            return Self.json(.ok, "{}")
        } catch {
            problems.withLock { $0.append("an export could not be read: \(error)") }
            return Self.json(.badRequest, "{}")
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
