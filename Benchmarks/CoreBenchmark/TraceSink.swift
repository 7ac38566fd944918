import Hummingbird
import NIOCore
import RotaModel
import Synchronization

/// An OpenTelemetry collector on loopback that reads every OTLP/HTTP export and throws it away,
/// counting the requests and their bytes: what the core's tracing costs is measured without the
/// cost of a real collector.
final class TraceSink: Sendable {
    private let port = Mutex<Int?>(nil)
    private let counts = Mutex((exports: 0, bytes: 0))

    /// The endpoint to give the core, once the sink listens.
    var endpoint: String { "http://127.0.0.1:\(port.withLock { $0 } ?? 0)" }

    /// Export requests and bytes received so far.
    var received: (exports: Int, bytes: Int) { counts.withLock { $0 } }

    /// Serves until the task is cancelled; returns once the sink listens.
    func start() async throws -> Task<Void, any Error> {
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                let body = try await request.body.collect(upTo: 64 << 20)
                self.counts.withLock {
                    $0.exports += 1
                    $0.bytes += body.readableBytes
                }
                return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
            },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in self.port.withLock { $0 = channel.localAddress?.port } })
        let serving = Task { try await application.runService() }
        while port.withLock({ $0 }) == nil { try await Task.pause(for: .milliseconds(10)) }
        return serving
    }
}
