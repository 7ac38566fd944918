import Foundation
import RotaModel
import Testing

@testable import RotaAuth

/// Checking a token with the cached keys alone, as a server does before it lets anyone spend a
/// key derivation.
@Suite struct TokenCheckTests {
    typealias F = TokenFixtures

    /// A well-formed HS256 token with a salt of its own and a random signature: what a client that
    /// does not know the key sends to make the core derive keys.
    static func bogus() -> String {
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
        return F.forged(
            header: ["alg": "HS256", "typ": "JWT", "salt": .string(salt.base64EncodedString())], payload: ["exp": F.expiry()],
            signature: Data((0..<32).map { _ in UInt8.random(in: 0...255) }))
    }

    @Test func aNewSaltNeedsADerivationAndTheCheckDerivesNothing() throws {
        let verifier = TokenVerifier(key: F.key)
        guard case .needsDerivation(let unverified) = verifier.check(authorization: F.signer.authorizationHeader(now: F.now), now: F.now) else {
            Issue.record("a token of a salt never seen must need a derivation")
            return
        }
        #expect(verifier.derivationCount == 0)
        _ = try verifier.verify(unverified, now: F.now).get()
        #expect(verifier.derivationCount == 1)
        #expect(verifier.cachedSaltCount == 1)
    }

    @Test func aCachedSaltIsSettledWithoutDerivation() throws {
        let verifier = TokenVerifier(key: F.key)
        _ = try verifier.verify(authorization: F.signer.authorizationHeader(now: F.now), now: F.now).get()
        let token = F.signer.token(payload: ["role": "reader"], now: F.now)
        guard case .verified(let payload) = verifier.check(authorization: F.bearer(token), now: F.now) else {
            Issue.record("a valid token of a cached salt must be verified at once")
            return
        }
        #expect(payload["role"] == "reader")
        let altered = F.replacingPayload(of: token, with: ["role": "admin", "exp": F.expiry()])
        guard case .refused(.badSignature) = verifier.check(authorization: F.bearer(altered), now: F.now) else {
            Issue.record("an altered token of a cached salt must be refused at once")
            return
        }
        let expired = F.signer.authorizationHeader(now: F.now.addingTimeInterval(-600))
        guard case .refused(.expired) = verifier.check(authorization: expired, now: F.now) else {
            Issue.record("an expired token of a cached salt must be refused at once")
            return
        }
        #expect(verifier.derivationCount == 1)
    }

    @Test func unreadableTokensAreRefusedWithoutDerivation() {
        let verifier = TokenVerifier(key: F.key)
        for header in [nil, "Basic abc", "Bearer nonsense", F.bearer(F.forged(header: ["alg": "HS256"], payload: ["exp": F.expiry()]))] {
            guard case .refused = verifier.check(authorization: header, now: F.now) else {
                Issue.record("\(header ?? "no header") must be refused without a derivation")
                continue
            }
        }
        #expect(verifier.derivationCount == 0)
    }

    @Test func aFloodOfBogusSaltsNeitherEvictsNorSlowsTheValidKeys() throws {
        let verifier = TokenVerifier(key: F.key, cacheLimit: 4)
        let valid = F.signer.authorizationHeader(now: F.now)
        _ = try verifier.verify(authorization: valid, now: F.now).get()
        for _ in 0..<20 {
            #expect(verifier.verify(authorization: F.bearer(Self.bogus()), now: F.now) == .failure(.badSignature))
        }
        #expect(verifier.derivationCount == 21)
        #expect(verifier.cachedSaltCount == 1)
        guard case .verified = verifier.check(authorization: valid, now: F.now) else {
            Issue.record("the valid salt's key must still be cached after the flood")
            return
        }
        _ = try verifier.verify(authorization: valid, now: F.now).get()
        #expect(verifier.derivationCount == 21)
    }

    @Test func aRefusalRepeatsAnAlgorithmsNameButNoOtherTextOfTheToken() {
        let verifier = TokenVerifier(key: F.key)
        let description = { (algorithm: String) -> String in
            let token = F.forged(header: ["alg": .string(algorithm), "salt": "AAAA"], payload: ["exp": F.expiry()])
            guard case .refused(let rejection) = verifier.check(authorization: F.bearer(token), now: F.now) else { return "" }
            return rejection.description
        }
        #expect(description("HS512").contains("'HS512'"))
        let secret = "eyJ-the-real-token-" + String(repeating: "x", count: 200)
        #expect(!description(secret).contains("eyJ") && description(secret).contains("HS256"))
        #expect(!description("HS512\nforged log line").contains("forged"))
    }
}
