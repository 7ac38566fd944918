import Foundation
import RotaAuth
import RotaModel
import RotaTestSupport
import Testing

@Suite("A core with a pre-shared key")
struct AuthenticationTests {
    static let psk = "correct horse battery staple"

    static func bearer(_ token: String) -> [(String, String)] { [("Authorization", "Bearer \(token)")] }

    /// A token whose payload was changed after signing: the original signature over new claims.
    static func tampered(_ token: String) -> String {
        var parts = token.split(separator: ".").map(String.init)
        let claims = #"{"exp":9999999999,"admin":true}"#
        parts[1] = Data(claims.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return parts.joined(separator: ".")
    }

    @Test func requestsWithoutAValidTokenAreRefusedWith401AndAReason() async throws {
        try await TestCore.with(configure: { $0.psk = Self.psk }) { core in
            let signer = TokenSigner(key: PreSharedKey(Self.psk))
            let cases: [(String, [(String, String)], String)] = [
                ("no token", [], "Authorization"),
                ("expired", Self.bearer(signer.token(expiresIn: 60, now: Date().addingTimeInterval(-600))), "expired"),
                ("another key", Self.bearer(TokenSigner(key: PreSharedKey("another key")).token()), "signature"),
                ("tampered payload", Self.bearer(Self.tampered(signer.token())), "signature"),
            ]
            for (name, headers, reason) in cases {
                let response = try await core.client(signed: false).request(.GET, "/workflows", headers: headers)
                #expect(response.status == 401, "\(name)")
                let error = try response.json()
                #expect(error["error"] == "unauthorized", "\(name)")
                #expect(error["message"]?.stringValue?.contains(reason) == true, "\(name): \(error)")
            }
        }
    }

    @Test func validTokenIsAcceptedAndPingNeedsNone() async throws {
        try await TestCore.with(configure: { $0.psk = Self.psk }) { core async throws in
            let signer = TokenSigner(key: PreSharedKey(Self.psk))
            let unsigned = core.client(signed: false)
            #expect(try await unsigned.request(.GET, "/workflows", headers: [("Authorization", signer.authorizationHeader())]).status == 200)
            #expect(try await unsigned.request(.GET, "/system/ping").status == 200)
            #expect(try await unsigned.request(.GET, "/system/ready").status == 401)
        }
    }

    @Test func webSocketUpgradesWithoutAValidTokenAreRefusedWith401() async throws {
        try await TestCore.with(configure: { $0.psk = Self.psk }) { core in
            let signer = TokenSigner(key: PreSharedKey(Self.psk))
            let header = ["Authorization": signer.authorizationHeader()]
            #expect(try await core.request(.POST, "/subscriber/actor/collect").status == 200)
            let refused = try await RawHTTP.upgrade(port: core.port, path: "/subscriber/actor/handle")
            #expect(refused.status == 401)
            #expect(refused.body.contains("unauthorized"))
            #expect(try await RawHTTP.upgrade(port: core.port, path: "/events").status == 401)
            #expect(try await RawHTTP.upgrade(port: core.port, path: "/events", headers: header).status == 101)
        }
    }
}
