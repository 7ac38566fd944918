import Foundation
import RotaModel
import Testing

@testable import RotaAuth

@Suite struct TokenKeyCacheTests {
    typealias F = TokenFixtures

    @Test func keyIsDerivedOncePerSalt() throws {
        let verifier = TokenVerifier(key: F.key)
        for _ in 0..<5 {
            _ = try verifier.verify(authorization: F.signer.authorizationHeader(now: F.now), now: F.now).get()
        }
        #expect(verifier.derivationCount == 1)
        #expect(verifier.cachedSaltCount == 1)

        _ = try verifier.verify(authorization: TokenSigner(key: F.key).authorizationHeader(now: F.now), now: F.now).get()
        #expect(verifier.derivationCount == 2)
        #expect(verifier.cachedSaltCount == 2)
    }

    @Test func cacheDropsTheOldestSaltWhenFull() throws {
        let verifier = TokenVerifier(key: F.key, cacheLimit: 2)
        let first = F.bearer(F.handSigned(payload: ["exp": F.expiry()]))
        let second = F.signer.authorizationHeader(now: F.now)
        let third = TokenSigner(key: F.key).authorizationHeader(now: F.now)
        for header in [first, second, third] {
            _ = try verifier.verify(authorization: header, now: F.now).get()
        }
        #expect(verifier.derivationCount == 3)
        #expect(verifier.cachedSaltCount == 2)

        _ = try verifier.verify(authorization: third, now: F.now).get()
        #expect(verifier.derivationCount == 3)
        _ = try verifier.verify(authorization: first, now: F.now).get()
        #expect(verifier.derivationCount == 4)
        #expect(verifier.cachedSaltCount == 2)
    }

    @Test func keysThatVerifyNothingAreNotKept() {
        let verifier = TokenVerifier(key: F.key)
        let foreign = TokenSigner(key: F.otherKey).authorizationHeader(now: F.now)
        #expect(verifier.verify(authorization: foreign, now: F.now) == .failure(.badSignature))
        #expect(verifier.verify(authorization: foreign, now: F.now) == .failure(.badSignature))
        #expect(verifier.derivationCount == 2)
        #expect(verifier.cachedSaltCount == 0)
    }

    @Test func cachedKeyStillRefusesAlteredTokens() throws {
        let verifier = TokenVerifier(key: F.key)
        let token = F.signer.token(payload: ["role": "reader"], now: F.now)
        _ = try verifier.verify(authorization: F.bearer(token), now: F.now).get()
        let altered = F.replacingPayload(of: token, with: ["role": "admin", "exp": F.expiry()])
        #expect(verifier.verify(authorization: F.bearer(altered), now: F.now) == .failure(.badSignature))
        #expect(verifier.derivationCount == 1)
    }

    @Test func concurrentVerificationsShareOneCache() async throws {
        let verifier = TokenVerifier(key: F.key)
        let header = F.signer.authorizationHeader(now: F.now)
        _ = try verifier.verify(authorization: header, now: F.now).get()
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask { (try? verifier.verify(authorization: header, now: F.now).get()) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 50)
        #expect(verifier.derivationCount == 1)
    }
}
