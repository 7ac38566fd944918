import Foundation
import RotaModel
import Testing

@testable import RotaAuth

@Suite struct TokenSignerTests {
    typealias F = TokenFixtures

    @Test func headerNamesHS256AndCarriesA16ByteStandardBase64Salt() throws {
        let header = F.Parts(F.signer.token(now: F.now)).header
        #expect(Set(header.keys) == ["alg", "typ", "salt"])
        #expect(header["alg"] == "HS256")
        #expect(header["typ"] == "JWT")
        let salt = try #require(header["salt"]?.stringValue)
        #expect(salt.hasSuffix("=="))
        #expect(Data(base64Encoded: salt)?.count == 16)
    }

    @Test func headerIsWrittenAsPyJWTWritesIt() throws {
        let parts = F.Parts(F.signer.token(now: F.now))
        let salt = try #require(parts.header["salt"]?.stringValue)
        let text = String(decoding: try #require(Base64.decode(parts.encodedHeader)), as: UTF8.self)
        #expect(text == #"{"alg":"HS256","salt":"\#(salt)","typ":"JWT"}"#)
    }

    @Test func partsAreBase64URLWithoutPadding() {
        for index in 0..<20 {
            let token = F.signer.token(payload: ["n": .int(Int64(index)), "path": "/a/b?c"], now: F.now)
            #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
            #expect(token.split(separator: ".", omittingEmptySubsequences: false).count == 3)
        }
    }

    @Test func expiryIsNowPlusExpiresInInWholeSeconds() {
        let now = Date(timeIntervalSince1970: 1_795_428_000.75)
        #expect(F.Parts(F.signer.token(now: now)).payload["exp"] == .int(1_795_428_300))
        #expect(F.Parts(F.signer.token(expiresIn: 60, now: now)).payload["exp"] == .int(1_795_428_060))
    }

    @Test func payloadIsCarriedAndItsOwnExpiryReplaced() {
        let payload = F.Parts(F.signer.token(payload: ["sub": "worker-1", "exp": 1, "tags": ["a", nil]], now: F.now)).payload
        #expect(payload == ["sub": "worker-1", "exp": .int(1_795_428_300), "tags": ["a", nil]])
    }

    @Test func oneSignerKeepsItsSaltAndEachSignerHasItsOwn() {
        let salt = { (signer: TokenSigner) in F.Parts(signer.token(now: F.now)).header["salt"] }
        #expect(salt(F.signer) == salt(F.signer))
        #expect(salt(TokenSigner(key: F.key)) != salt(F.signer))
    }

    @Test func signingKeyIsPBKDF2OfTheSecretAsPythonDerivesIt() {
        // hmac.new(hashlib.pbkdf2_hmac("sha256", psk.encode(), bytes(range(1, 17)), 100000),
        //          b"header.payload", hashlib.sha256).hexdigest()
        let message = Data("header.payload".utf8)
        #expect(hex(F.fixedSaltKey.signature(of: message)) == "09cf9e2fd52393fc0996d4ebd4f655d0db1846edb5c091579aa40bc94045562b")
        let unicodeKey = PreSharedKey("pâte à clé 🔑").signingKey(salt: F.fixedSalt)
        #expect(hex(unicodeKey.signature(of: message)) == "326629d8e5b3164c09b9944c5978c02c9237c8eca4b55f9ccda75882354ef01f")
    }

    @Test func secretNeverAppearsInDescriptions() {
        let key = PreSharedKey("hunter2")
        #expect(!"\(key)".contains("hunter2"))
        #expect(!String(reflecting: key).contains("hunter2"))
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }

    private func hex(_ bytes: Data) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
