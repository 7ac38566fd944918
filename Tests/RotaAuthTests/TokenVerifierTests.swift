import Foundation
import RotaModel
import Testing

@testable import RotaAuth

@Suite struct TokenVerifierTests {
    typealias F = TokenFixtures
    let verifier = TokenVerifier(key: F.key)

    private func rejection(_ authorization: String?, now: Date = F.now) -> TokenRejection? {
        if case .failure(let rejection) = verifier.verify(authorization: authorization, now: now) { return rejection }
        return nil
    }

    @Test func validTokenIsAcceptedWithItsPayload() throws {
        let token = F.signer.token(payload: ["sub": "worker-1", "n": 3], now: F.now)
        let payload = try verifier.verify(authorization: F.bearer(token), now: F.now).get()
        #expect(payload["sub"] == "worker-1")
        #expect(payload["n"] == 3)
        #expect(payload["exp"] == .int(1_795_428_300))
    }

    @Test func authorizationHeaderFromTheSignerIsAccepted() throws {
        let header = F.signer.authorizationHeader(now: F.now)
        #expect(header.hasPrefix("Bearer "))
        _ = try verifier.verify(authorization: header, now: F.now).get()
    }

    @Test func bearerSchemeIsReadInAnyCaseWithSurroundingSpaces() throws {
        let token = F.signer.token(now: F.now)
        _ = try verifier.verify(authorization: "  bearer   \(token) ", now: F.now).get()
        _ = try verifier.verify(authorization: "BEARER \(token)", now: F.now).get()
    }

    @Test func paddedPartsAreAccepted() throws {
        let parts = F.Parts(F.signer.token(now: F.now))
        func padded(_ part: String) -> String { part + String(repeating: "=", count: (4 - part.count % 4) % 4) }
        // The signature covers the parts as sent, so only the signature part can be padded.
        let token = [parts.encodedHeader, parts.encodedPayload, padded(parts.signature)].joined(separator: ".")
        _ = try verifier.verify(authorization: F.bearer(token), now: F.now).get()
    }

    @Test func missingHeaderIsRefused() {
        #expect(rejection(nil) == .missingHeader)
        #expect(rejection("") == .missingHeader)
        #expect(rejection("   ") == .missingHeader)
    }

    @Test func nonBearerHeaderIsRefused() {
        #expect(rejection("Basic dXNlcjpwYXNz") == .notBearer)
        #expect(rejection(F.signer.token(now: F.now)) == .notBearer)
    }

    @Test(arguments: [
        ("Bearer", "no token after 'Bearer'"),
        ("Bearer garbage", "a JWT has 3 parts separated by dots, this one has 1"),
        ("Bearer a.b.c.d", "a JWT has 3 parts separated by dots, this one has 4"),
        ("Bearer !!!.e30.AA", "the header is not base64url"),
        ("Bearer e30.!!!.AA", "the payload is not base64url"),
        ("Bearer bm90IGpzb24.e30.AA", "the header is not a JSON object"),
        ("Bearer WzFd.e30.AA", "the header is not a JSON object"),
        ("Bearer e30.bm90IGpzb24.AA", "the payload is not a JSON object"),
        ("Bearer e30.e30.!!", "the signature is not base64url"),
    ])
    func garbageIsRefusedAsMalformed(authorization: String, reason: String) {
        #expect(rejection(authorization) == .malformed(reason))
    }

    @Test func overlongTokenIsRefusedBeforeAnyKeyIsDerived() {
        let token = F.forged(header: ["alg": "HS256", "salt": "AAAA"], payload: ["pad": .string(String(repeating: "x", count: 9000))])
        #expect(rejection(F.bearer(token)) == .malformed("longer than 8192 bytes"))
        #expect(verifier.derivationCount == 0)
    }

    @Test func expiredTokenIsRefused() {
        let token = F.signer.token(expiresIn: 60, now: F.now)
        let expiry = F.now.addingTimeInterval(60)
        #expect(rejection(F.bearer(token), now: expiry.addingTimeInterval(-1)) == nil)
        #expect(rejection(F.bearer(token), now: expiry) == .expired(at: expiry))
        #expect(rejection(F.bearer(token), now: expiry.addingTimeInterval(3600)) == .expired(at: expiry))
    }

    @Test func tokenSignedWithAnotherKeyIsRefused() {
        let token = TokenSigner(key: F.otherKey).token(now: F.now)
        #expect(rejection(F.bearer(token)) == .badSignature)
    }

    @Test func tamperedPayloadIsRefused() {
        let token = F.signer.token(payload: ["role": "reader"], now: F.now)
        var payload = F.Parts(token).payload
        payload["role"] = "admin"
        #expect(rejection(F.bearer(F.replacingPayload(of: token, with: payload))) == .badSignature)
    }

    @Test func laterExpiryWrittenIntoTheTokenIsRefused() {
        let token = F.signer.token(expiresIn: 1, now: F.now)
        var payload = F.Parts(token).payload
        payload["exp"] = F.expiry(in: 86_400)
        #expect(rejection(F.bearer(F.replacingPayload(of: token, with: payload))) == .badSignature)
    }

    @Test func algorithmNoneIsRefused() {
        let salt = F.Parts(F.signer.token(now: F.now)).header["salt"]!
        let unsigned = F.forged(header: ["alg": "none", "typ": "JWT", "salt": salt], payload: ["exp": F.expiry()])
        #expect(rejection(F.bearer(unsigned)) == .unsupportedAlgorithm("none"))
        #expect(rejection(F.bearer(unsigned + "c2ln")) == .unsupportedAlgorithm("none"))
    }

    @Test func algorithmsOtherThanHS256AreRefused() {
        let payload: [String: JSONValue] = ["exp": F.expiry()]
        #expect(rejection(F.bearer(F.forged(header: ["alg": "HS512", "salt": "AAAA"], payload: payload))) == .unsupportedAlgorithm("HS512"))
        #expect(rejection(F.bearer(F.forged(header: ["alg": "hs256", "salt": "AAAA"], payload: payload))) == .unsupportedAlgorithm("hs256"))
        #expect(rejection(F.bearer(F.forged(header: ["salt": "AAAA"], payload: payload))) == .unsupportedAlgorithm(nil))
        #expect(verifier.derivationCount == 0)
    }

    @Test func tokenWithoutSaltIsRefused() {
        let payload: [String: JSONValue] = ["exp": F.expiry()]
        for header: [String: JSONValue] in [["alg": "HS256"], ["alg": "HS256", "salt": ""], ["alg": "HS256", "salt": nil], ["alg": "HS256", "salt": "=="]] {
            #expect(rejection(F.bearer(F.forged(header: header, payload: payload))) == .missingSalt)
        }
        #expect(rejection(F.bearer(F.forged(header: ["alg": "HS256", "salt": 7], payload: payload))) == .malformed("the salt is a number, not a base64 string"))
        #expect(rejection(F.bearer(F.forged(header: ["alg": "HS256", "salt": "no*base64"], payload: payload))) == .malformed("the salt is not base64"))
    }

    @Test func handSignedTokenIsAccepted() throws {
        let payload = try verifier.verify(authorization: F.bearer(F.handSigned(payload: ["exp": F.expiry()])), now: F.now).get()
        #expect(payload == ["exp": F.expiry()])
    }

    @Test func tokenWithoutExpiryIsRefused() {
        #expect(rejection(F.bearer(F.handSigned(payload: ["sub": "worker-1"]))) == .missingExpiry)
    }

    @Test func expiryThatIsNotANumberIsRefused() {
        #expect(rejection(F.bearer(F.handSigned(payload: ["exp": "tomorrow"]))) == .malformed("exp is a string, not a number of seconds"))
    }

    @Test func fractionalExpiryIsReadAsWholeSeconds() {
        let token = F.handSigned(payload: ["exp": .double(F.now.timeIntervalSince1970 + 10.9)])
        let expiry = F.now.addingTimeInterval(10)
        #expect(rejection(F.bearer(token), now: expiry.addingTimeInterval(-0.5)) == nil)
        #expect(rejection(F.bearer(token), now: expiry) == .expired(at: expiry))
    }

    @Test func tokenBeforeItsNotBeforeTimeIsRefused() {
        let start = F.now.addingTimeInterval(30)
        let token = F.handSigned(payload: ["exp": F.expiry(), "nbf": .int(Int64(start.timeIntervalSince1970))])
        #expect(rejection(F.bearer(token)) == .notYetValid(before: start))
        #expect(rejection(F.bearer(token), now: start) == nil)
    }
}
