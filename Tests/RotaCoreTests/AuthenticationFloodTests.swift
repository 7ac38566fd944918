import Foundation
import NIOCore
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaAuth
@testable import RotaCore

/// What a client that does not know the key can make a core with one spend: failed
/// authentications are limited by address before any key derivation, derivations run a few at a
/// time, and real clients whose salt is cached pass whatever else arrives.
@Suite("A core under a flood of bad tokens")
struct AuthenticationFloodTests {
    static let psk = "correct horse battery staple"

    /// A well-formed HS256 token with a salt of its own and a random signature.
    static func bogus() -> String {
        func base64URL(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let header = #"{"alg":"HS256","salt":"\#(salt)","typ":"JWT"}"#
        let payload = #"{"exp":\#(Int(Date().timeIntervalSince1970) + 300)}"#
        return "Bearer " + [Data(header.utf8), Data(payload.utf8), Data((0..<32).map { _ in UInt8.random(in: 0...255) })].map(base64URL)
            .joined(separator: ".")
    }

    static func address(_ ip: String) throws -> SocketAddress { try SocketAddress(ipAddress: ip, port: 40_000) }

    /// The status of a check's answer, and its `Retry-After`.
    static func answer(_ result: Result<[String: JSONValue]?, APIError>) -> (status: Int, retryAfter: String?) {
        switch result {
        case .success: return (200, nil)
        case .failure(let error): return (error.status.code, error.headers[.retryAfter])
        }
    }

    @Test func aCallerAtItsLimitIsAnswered429BeforeAnyDerivation() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
        let authentication = Authentication(psk: Self.psk, failureLimit: 3, clock: clock)
        let verifier = try #require(authentication.verifier)
        let attacker = try Self.address("10.0.0.7")
        for _ in 0..<3 {
            #expect(Self.answer(await authentication.check(path: "/workflows", authorization: Self.bogus(), from: attacker)).status == 401)
        }
        #expect(verifier.derivationCount == 3)
        let limited = Self.answer(await authentication.check(path: "/workflows", authorization: Self.bogus(), from: attacker))
        #expect(limited.status == 429)
        #expect(limited.retryAfter == "60")
        #expect(Self.answer(await authentication.check(path: "/workflows", authorization: "Bearer nonsense", from: attacker)).status == 429)
        #expect(verifier.derivationCount == 3)
        #expect(Self.answer(await authentication.check(path: "/workflows", authorization: Self.bogus(), from: try Self.address("10.0.0.8"))).status == 401)
    }

    @Test func aValidTokenOfACachedSaltPassesFromALimitedCaller() async throws {
        let authentication = Authentication(psk: Self.psk, failureLimit: 2)
        let verifier = try #require(authentication.verifier)
        let signer = TokenSigner(key: PreSharedKey(Self.psk))
        let shared = try Self.address("10.0.0.7")
        #expect(Self.answer(await authentication.check(path: "/workflows", authorization: signer.authorizationHeader(), from: shared)).status == 200)
        for _ in 0..<2 { _ = await authentication.check(path: "/workflows", authorization: "Bearer nonsense", from: shared) }
        #expect(Self.answer(await authentication.check(path: "/workflows", authorization: Self.bogus(), from: shared)).status == 429)
        let token = signer.token(payload: ["sub": "worker"])
        guard case .success(let payload) = await authentication.check(path: "/workflows", authorization: "Bearer \(token)", from: shared) else {
            Issue.record("a valid token of a cached salt must pass from a limited address")
            return
        }
        #expect(payload?["sub"] == "worker")
        let newSalt = TokenSigner(key: PreSharedKey(Self.psk)).authorizationHeader()
        #expect(Self.answer(await authentication.check(path: "/workflows", authorization: newSalt, from: shared)).status == 429)
        #expect(verifier.derivationCount == 1)
    }

    @Test func aFloodFromOneCallerCostsNoMoreDerivationsThanItsLimit() async throws {
        let authentication = Authentication(psk: Self.psk, failureLimit: 3, derivations: DerivationGate(limit: 1, queueLimit: 50))
        let verifier = try #require(authentication.verifier)
        let attacker = try Self.address("10.0.0.7")
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask { Self.answer(await authentication.check(path: "/workflows", authorization: Self.bogus(), from: attacker)).status }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 401 }.count == 3)
        #expect(statuses.filter { $0 == 429 }.count == 17)
        #expect(verifier.derivationCount == 3)
    }

    @Test func concurrentDerivationsNeverExceedTheGatesLimit() async throws {
        let gate = DerivationGate(limit: 1, queueLimit: 2)
        let authentication = Authentication(psk: Self.psk, derivations: gate)
        let verifier = try #require(authentication.verifier)
        let answers = await withTaskGroup(of: (status: Int, retryAfter: String?).self) { group in
            for index in 0..<12 {
                group.addTask {
                    Self.answer(await authentication.check(path: "/workflows", authorization: Self.bogus(), from: try! Self.address("10.0.1.\(index)")))
                }
            }
            return await group.reduce(into: [(status: Int, retryAfter: String?)]()) { $0.append($1) }
        }
        let refused = answers.filter { $0.status == 401 }.count
        let busy = answers.filter { $0.status == 503 }
        #expect(refused + busy.count == 12)
        #expect(refused >= 3)
        #expect(busy.allSatisfy { $0.retryAfter == "1" })
        #expect(verifier.derivationCount == refused)
        #expect(gate.mostRunning == 1)
    }

    @Test func aFloodOfNewSaltsLeavesTheRealClientsKeyCached() async throws {
        let authentication = Authentication(psk: Self.psk, failureLimit: 1000)
        let verifier = try #require(authentication.verifier)
        let signer = TokenSigner(key: PreSharedKey(Self.psk))
        let client = try Self.address("10.0.0.1")
        #expect(Self.answer(await authentication.check(path: "/workflows", authorization: signer.authorizationHeader(), from: client)).status == 200)
        for index in 0..<30 {
            _ = await authentication.check(path: "/workflows", authorization: Self.bogus(), from: try Self.address("10.0.2.\(index)"))
        }
        let derivations = verifier.derivationCount
        #expect(verifier.cachedSaltCount == 1)
        #expect(Self.answer(await authentication.check(path: "/workflows", authorization: signer.authorizationHeader(), from: client)).status == 200)
        #expect(verifier.derivationCount == derivations)
    }

    @Test func restAndWebSocketUpgradesAreAnswered429WithRetryAfterAndTheMinutePasses() async throws {
        try await TestCore.with(manualClock: true, configure: {
            $0.psk = Self.psk
            $0.authFailureLimit = 2
        }) { core in
            let signer = TokenSigner(key: PreSharedKey(Self.psk))
            let attacker = LoopbackCaller(address: "127.0.0.3", port: core.port)
            let other = LoopbackCaller(address: "127.0.0.4", port: core.port)
            #expect(try await LoopbackCaller(address: "127.0.0.1", port: core.port).get("/workflows", authorization: signer.authorizationHeader()).status == 200)

            #expect(try await attacker.get("/workflows", authorization: "Bearer nonsense").status == 401)
            let refusedUpgrade = try await attacker.upgrade("/events", authorization: Self.bogus())
            #expect(refusedUpgrade.status == 401)
            #expect(refusedUpgrade.body.contains("signature"))
            let limited = try await attacker.get("/workflows", authorization: Self.bogus())
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "60")
            #expect(try JSONValue(jsonText: limited.body)["error"] == "too_many_failed_authentications")
            let limitedUpgrade = try await attacker.upgrade("/events", authorization: "Bearer nonsense")
            #expect(limitedUpgrade.status == 429)
            #expect(limitedUpgrade.headers["retry-after"] == "60")
            #expect(limitedUpgrade.body.contains("too_many_failed_authentications"))
            #expect(try await attacker.get("/workflows", authorization: signer.authorizationHeader()).status == 200)
            let accepted = try await attacker.upgrade("/events", authorization: signer.authorizationHeader())
            #expect(accepted.status == 101, "\(accepted)")

            #expect(try await other.upgrade("/events", authorization: "Bearer nonsense").status == 401)
            #expect(try await other.get("/workflows", authorization: "Bearer nonsense").status == 401)
            #expect(try await other.upgrade("/events", authorization: "Bearer nonsense").status == 429)

            try await core.advanceClock(by: 60)
            #expect(try await attacker.get("/workflows", authorization: "Bearer nonsense").status == 401)
        }
    }
}
