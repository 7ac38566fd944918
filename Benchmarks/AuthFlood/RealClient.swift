import Foundation
import RotaAuth

/// A client that knows the key and reuses its salt, as Rota's own clients do: it asks
/// `GET /workflows` one request after another and, every `runEvery` requests, starts a run of
/// `collect_and_cleanup` (the engine's answer), timing each answer.
final class RealClient: @unchecked Sendable {
    private let signer: TokenSigner
    private let connection: LoopbackConnection
    private let runEvery: Int

    /// The answer times, in milliseconds, of what one measurement asked.
    struct Latencies {
        var requests: [Double] = []
        var runStarts: [Double] = []
        var refused = 0
    }

    init(psk: String, port: Int, runEvery: Int = 10) {
        signer = TokenSigner(key: PreSharedKey(psk))
        connection = LoopbackConnection(from: "127.0.0.1", port: port)
        self.runEvery = runEvery
    }

    /// Asks at least `minimum` requests, and then on until `stop` says so, on a thread of its own.
    func measure(minimum: Int, until stop: @escaping @Sendable () -> Bool) async -> Latencies {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.measureBlocking(minimum: minimum, until: stop)) }.start()
        }
    }

    private func measureBlocking(minimum: Int, until stop: () -> Bool) -> Latencies {
        var latencies = Latencies()
        var asked = 0
        while asked < minimum || !stop() {
            asked += 1
            let startsRun = asked % runEvery == 0
            let request = startsRun
                ? "POST /workflows/collect_and_cleanup/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                : "GET /workflows HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            let bytes = Array((request + "Authorization: \(signer.authorizationHeader())\r\n\r\n").utf8)
            let began = ContinuousClock.now
            let status = (try? connection.exchange(bytes)) ?? 0
            let elapsed = ContinuousClock.now - began
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            guard (200..<300).contains(status) else {
                latencies.refused += 1
                continue
            }
            if startsRun { latencies.runStarts.append(milliseconds) } else { latencies.requests.append(milliseconds) }
        }
        return latencies
    }
}
