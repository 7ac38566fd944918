import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// The dashboard's sign-in: the key typed once, a session cookie in its place, and the checks
/// that keep other sites from using that cookie.
@Suite struct DashboardSessionTests {
    static let key = "correct horse battery staple"

    /// Signs in with `key` and returns the answer.
    static func signIn(_ core: TestCore, key: String) async throws -> APIResponse {
        try await core.client(signed: false).request(.POST, "/ui/session", json: ["key": .string(key)])
    }

    /// The session token the core set in `response`'s cookie.
    static func sessionToken(of response: APIResponse) throws -> String {
        let cookie = try #require(response.header("Set-Cookie"))
        let pair = try #require(cookie.split(separator: ";").first)
        #expect(pair.hasPrefix("rota_session="))
        return String(pair.dropFirst("rota_session=".count))
    }

    /// The token in a `Set-Cookie` value.
    static func tokenText(of cookie: String) -> String {
        String(cookie.prefix { $0 != ";" }.dropFirst("rota_session=".count))
    }

    /// A session on `core`: the `Cookie` header that carries it.
    static func session(on core: TestCore) async throws -> (String, String) {
        ("Cookie", "rota_session=\(try sessionToken(of: try await signIn(core, key: key)))")
    }

    @Test func aCoreWithoutAKeyNeedsNoSignIn() async throws {
        try await TestCore.with { core in
            let state = try await core.request(.GET, "/ui/session").json()
            #expect(state == ["psk_required": false, "authenticated": true])
            #expect(try await Self.signIn(core, key: "anything").status == 404)
        }
    }

    @Test func theRightKeyGivesACookieThatTheScriptCannotReadNorAnotherSiteSend() async throws {
        try await TestCore.with(psk: Self.key) { core in
            let before = try await core.client(signed: false).request(.GET, "/ui/session").json()
            #expect(before == ["psk_required": true, "authenticated": false])
            let answer = try await Self.signIn(core, key: Self.key)
            #expect(answer.status == 204)
            let cookie = try #require(answer.header("Set-Cookie"))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
                #expect(cookie.contains("; \(attribute)"), "\(attribute) in \(cookie)")
            }
            #expect(!cookie.contains("Secure"), "a core without TLS cannot ask for it")
            #expect(!cookie.contains(Self.key))
            let session = ("Cookie", "rota_session=\(try Self.sessionToken(of: answer))")
            let unsigned = core.client(signed: false)
            #expect(try await unsigned.request(.GET, "/ui/session", headers: [session]).json() == ["psk_required": true, "authenticated": true])
            #expect(try await unsigned.request(.GET, "/workflows", headers: [session]).status == 200)
        }
    }

    @Test(arguments: ["wrong", "", String(repeating: "k", count: 3000), key + " ", "CORRECT HORSE BATTERY STAPLE"])
    func aWrongKeyIsRefusedAndSetsNoCookie(_ wrong: String) async throws {
        try await TestCore.with(psk: Self.key) { core in
            let answer = try await Self.signIn(core, key: wrong)
            #expect([400, 401].contains(answer.status), "\(answer.status) \(answer.text)")
            #expect(answer.header("Set-Cookie") == nil)
        }
    }

    @Test(arguments: [
        ("not json", 400), ("{}", 400), ("{\"key\": 7}", 400), ("[]", 400), ("{\"key\": \"" + String(repeating: "k", count: 5000) + "\"}", 413),
    ])
    func aSignInThatIsNotOneIsRefusedWithWhatToSend(_ body: String, _ status: Int) async throws {
        try await TestCore.with(psk: Self.key) { core in
            let answer = try await core.client(signed: false).request(.POST, "/ui/session", body: body, contentType: "application/json")
            #expect(answer.status == status, "\(answer.text)")
            #expect(answer.header("Set-Cookie") == nil)
        }
    }

    @Test func aCallerThatKeepsGuessingIsToldToWait() async throws {
        try await TestCore.with(psk: Self.key, configure: { $0.authFailureLimit = 3 }) { core in
            for _ in 0..<3 { #expect(try await Self.signIn(core, key: "guess").status == 401) }
            let limited = try await Self.signIn(core, key: Self.key)
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") != nil)
            #expect(limited.header("Set-Cookie") == nil)
        }
    }

    @Test func aCookieThatIsTamperedWithExpiredOrFromAnotherKeyIsRefused() async throws {
        try await TestCore.with(psk: Self.key) { core in
            let token = try Self.sessionToken(of: try await Self.signIn(core, key: Self.key))
            let expired = DashboardSession(psk: Self.key).cookie(secure: false, now: Date().addingTimeInterval(-DashboardSession.lifetime - 60))
            let otherKey = DashboardSession(psk: "another key").cookie(secure: false)
            let tampered: String = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BB" : "AA")
            let forged: [String] = [
                tampered, Self.tokenText(of: expired), Self.tokenText(of: otherKey), "", "not.a.token", String(repeating: "x", count: 6000),
            ]
            let unsigned = core.client(signed: false)
            for value in forged {
                let answer = try await unsigned.request(.GET, "/workflows", headers: [("Cookie", "rota_session=\(value)")])
                #expect(answer.status == 401, "\(value.prefix(40))")
            }
        }
    }

    @Test func anExpiredSessionIsRefusedWithoutCountingAsAGuess() async throws {
        try await TestCore.with(psk: Self.key, configure: { $0.authFailureLimit = 3 }) { core in
            let expired = DashboardSession(psk: Self.key).cookie(secure: false, now: Date().addingTimeInterval(-DashboardSession.lifetime - 60))
            let cookie = ("Cookie", "rota_session=\(Self.tokenText(of: expired))")
            let unsigned = core.client(signed: false)
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await unsigned.request(.GET, "/tasks", headers: [cookie]).status) }
            #expect(statuses == Array(repeating: 401, count: 6))
            #expect(try await Self.signIn(core, key: Self.key).status == 204, "the page can sign in again at once")
            for _ in 0..<3 { #expect(try await Self.signIn(core, key: "guess").status == 401) }
            #expect(try await Self.signIn(core, key: Self.key).status == 429, "wrong keys still count")
        }
    }

    @Test func signingOutEndsTheCookie() async throws {
        try await TestCore.with(psk: Self.key) { core in
            let answer = try await core.client(signed: false).request(.DELETE, "/ui/session")
            #expect(answer.status == 204)
            let cookie = try #require(answer.header("Set-Cookie"))
            #expect(cookie.hasPrefix("rota_session=;"))
            #expect(cookie.contains("Max-Age=0"))
        }
    }

    @Test func overTLSTheCookieIsOnlySentOverTLS() {
        #expect(DashboardSession(psk: Self.key).cookie(secure: true).hasSuffix("; Secure"))
        #expect(DashboardSession.expiredCookie(secure: true).hasSuffix("; Secure"))
    }
}
