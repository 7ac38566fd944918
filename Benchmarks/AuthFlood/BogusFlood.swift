import Foundation
import Synchronization

/// Clients that do not know the key, each from a loopback address of its own, sending tokens
/// that look real (HS256, a salt, an `exp`) but each with a fresh random salt and a random
/// signature: every one costs the core a key derivation unless it refuses the token first.
struct BogusFlood {
    /// The addresses the clients send from, one client each.
    let sources: [String]
    /// The tokens each client sends.
    let tokensPerClient: Int
    /// The connections each client keeps busy at once, each sending its share one after another.
    let connectionsPerClient: Int
    let port: Int

    /// What the core answered the flood.
    struct Outcome {
        var statuses: [Int: Int] = [:]
        var failedExchanges = 0
        var seconds = 0.0

        var sent: Int { statuses.values.reduce(0, +) + failedExchanges }
        func count(_ status: Int) -> Int { statuses[status] ?? 0 }
    }

    /// The outcome so far, shared by the sending threads.
    private final class Tally: Sendable {
        let outcome = Mutex(Outcome())
    }

    /// Sends every client's tokens as fast as the core answers them, on threads of their own,
    /// and returns when all are answered.
    func run() async -> Outcome {
        let tally = Tally()
        let began = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for source in sources {
                for connection in 0..<connectionsPerClient {
                    let share = tokensPerClient / connectionsPerClient + (connection < tokensPerClient % connectionsPerClient ? 1 : 0)
                    group.addTask { await send(share, from: source, into: tally) }
                }
            }
        }
        let elapsed = ContinuousClock.now - began
        return tally.outcome.withLock { outcome in
            outcome.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return outcome
        }
    }

    /// Sends `count` bogus tokens on one connection from `source`, on a thread of its own.
    private func send(_ count: Int, from source: String, into tally: Tally) async {
        let port = self.port
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                let connection = LoopbackConnection(from: source, port: port)
                for _ in 0..<count {
                    let request = Array("GET /workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(Self.bogusToken())\r\n\r\n".utf8)
                    do {
                        let status = try connection.exchange(request)
                        tally.outcome.withLock { $0.statuses[status, default: 0] += 1 }
                    } catch {
                        tally.outcome.withLock { $0.failedExchanges += 1 }
                    }
                }
                done.resume()
            }.start()
        }
    }

    /// A well-formed HS256 token with a fresh salt, a valid `exp` and a random signature.
    static func bogusToken() -> String {
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let header = #"{"alg":"HS256","salt":"\#(salt)","typ":"JWT"}"#
        let payload = #"{"exp":\#(Int(Date().timeIntervalSince1970) + 300)}"#
        let signature = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        return [Data(header.utf8), Data(payload.utf8), signature].map(base64URL).joined(separator: ".")
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
