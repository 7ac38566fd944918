import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaAuth

/// Rota's tokens against fixinventorylib 4.1.0 (`fixlib.jwt`), the Python side of the protocol.
@Suite struct PythonCompatibilityTests {
    typealias F = TokenFixtures

    /// Made once with `fixlib.jwt.encode_jwt({"sub": "fixlib", "exp": 4102444800}, "changeme")`;
    /// its salt has a '+' and padding, as standard base64 does.
    static let recordedFixlibToken = """
        eyJhbGciOiJIUzI1NiIsInNhbHQiOiJpQlpVMGdGbEdMalQ0K2o4aDJvZjFRPT0iLCJ0eXAiOiJKV1QifQ.\
        eyJzdWIiOiJmaXhsaWIiLCJleHAiOjQxMDI0NDQ4MDB9.v31ZfJPyZ593cKj6NRq7ovmzC5NlHNsXKBKPcXmOSUI
        """

    @Test func tokenRecordedFromFixlibIsAccepted() throws {
        let payload = try TokenVerifier(key: F.key).verify(authorization: F.bearer(Self.recordedFixlibToken), now: F.now).get()
        #expect(payload == ["sub": "fixlib", "exp": 4_102_444_800])
    }

    @Test func tokenFromFixlibIsAccepted() async throws {
        let python = try await FixlibPython.prepare()
        let before = Date()
        let output = try await python.run(
            """
            import sys
            from fixlib.jwt import encode_jwt_to_headers
            print(encode_jwt_to_headers({}, {}, sys.argv[1])["Authorization"])
            """,
            "changeme"
        )
        let after = Date()
        try #require(output.status == 0, "\(output.stderr)")
        let authorization = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let exp = try #require(F.Parts(String(authorization.dropFirst("Bearer ".count))).payload["exp"]?.doubleValue)
        #expect(exp >= before.timeIntervalSince1970.rounded(.down) + 300 && exp <= after.timeIntervalSince1970 + 300)
        let expiry = Date(timeIntervalSince1970: exp)
        let verifier = TokenVerifier(key: F.key)
        #expect(try verifier.verify(authorization: authorization, now: expiry.addingTimeInterval(-1)).get() == ["exp": .int(Int64(exp))])
        #expect(verifier.verify(authorization: authorization, now: expiry) == .failure(.expired(at: expiry)))
        #expect(TokenVerifier(key: F.otherKey).verify(authorization: authorization, now: F.now) == .failure(.badSignature))
    }

    @Test func tokenFromRotaIsAcceptedByFixlib() async throws {
        let python = try await FixlibPython.prepare()
        let signer = TokenSigner(key: F.key)
        let now = Date()
        let output = try await python.run(
            """
            import json, sys
            from fixlib.jwt import decode_jwt, decode_jwt_from_headers
            print(json.dumps(decode_jwt(sys.argv[1], sys.argv[3]), sort_keys=True))
            print(json.dumps(decode_jwt_from_headers({"Authorization": sys.argv[2]}, sys.argv[3]), sort_keys=True))
            """,
            signer.token(payload: ["sub": "rota", "tags": ["a/b", 1.5, nil]], now: now),
            signer.authorizationHeader(now: now),
            "changeme"
        )
        try #require(output.status == 0, "\(output.stderr)")
        let exp = Int64((now.timeIntervalSince1970 + 300).rounded(.down))
        #expect(output.stdout.split(separator: "\n") == [
            #"{"exp": \#(exp), "sub": "rota", "tags": ["a/b", 1.5, null]}"#,
            #"{"exp": \#(exp)}"#,
        ])
    }

    @Test func tokenFromAnotherKeyOrExpiredIsRefusedByFixlib() async throws {
        let python = try await FixlibPython.prepare()
        let output = try await python.run(
            """
            import sys
            from fixlib.jwt import decode_jwt
            for token in sys.argv[2:]:
                try:
                    decode_jwt(token, sys.argv[1])
                    print("accepted")
                except Exception as error:
                    print(type(error).__name__)
            """,
            "changeme",
            TokenSigner(key: F.otherKey).token(),
            F.signer.token(now: Date(timeIntervalSinceNow: -600)),
            F.forged(header: ["alg": "none", "typ": "JWT"], payload: ["exp": .int(Int64(Date().timeIntervalSince1970) + 300)])
        )
        try #require(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.split(separator: "\n") == ["InvalidSignatureError", "ExpiredSignatureError", "ValueError"])
    }
}
