import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// What another site's page can make a browser send to the core: nothing that changes anything,
/// with the dashboard's cookie or without a key at all, and no WebSocket with the cookie.
@Suite struct CrossSiteRequestTests {
    static let workflows = [TestWorkflows.single("nightly", "nobody", onSurpass: .replace)]

    @Test func aChangeWithTheCookieNeedsTheDashboardsHeader() async throws {
        try await TestCore.with(workflows: Self.workflows, psk: DashboardSessionTests.key) { core in
            let session = try await DashboardSessionTests.session(on: core)
            let unsigned = core.client(signed: false)
            let bare = try await unsigned.request(.POST, "/workflows/nightly/run", headers: [session])
            #expect(bare.status == 403)
            #expect(try bare.json()["error"] == "cross_site_request")
            #expect(try await core.request(.GET, "/tasks").json().arrayValue?.isEmpty == true, "the refused request started nothing")
            let own = try await unsigned.request(.POST, "/workflows/nightly/run", headers: [session, ("X-Rota-CSRF", "1")])
            #expect(own.status == 200, "\(own.text)")
        }
    }

    @Test(arguments: [
        [("Origin", "http://evil.example")], [("Origin", "null")], [("Sec-Fetch-Site", "cross-site")],
        [("Origin", "http://127.0.0.1.evil.example")], [("Origin", "http://127.0.0.1:1")],
    ])
    func aChangeFromAnotherOriginIsRefusedWhateverItsCredentials(_ headers: [(String, String)]) async throws {
        try await TestCore.with(workflows: Self.workflows, psk: DashboardSessionTests.key) { core in
            let session = try await DashboardSessionTests.session(on: core)
            let withCookie = try await core.client(signed: false).request(
                .POST, "/workflows/nightly/run", headers: [session, ("X-Rota-CSRF", "1")] + headers)
            #expect(withCookie.status == 403, "\(withCookie.text)")
            let withToken = try await core.request(.POST, "/workflows/nightly/run", headers: headers)
            #expect(withToken.status == 403, "\(withToken.text)")
            #expect(try await core.request(.GET, "/workflows/nightly", headers: headers).status == 200, "reading is not a change")
        }
    }

    @Test func aCoreWithoutAKeyRefusesChangesFromAnotherOriginToo() async throws {
        try await TestCore.with(workflows: Self.workflows) { core in
            let foreign = try await core.request(.POST, "/workflows/nightly/run", headers: [("Origin", "https://evil.example")])
            #expect(foreign.status == 403)
            let own = try await core.request(.POST, "/workflows/nightly/run", headers: [("Origin", "http://127.0.0.1:\(core.port)")])
            #expect(own.status == 200, "\(own.text)")
            #expect(try await core.request(.POST, "/workflows/nightly/run").status == 200, "clients that are not browsers name no origin")
        }
    }

    @Test(arguments: [("http://127.0.0.1:PORT", 101), ("http://evil.example", 403), (nil, 403)] as [(String?, Int)])
    func aWebSocketWithTheCookieMustComeFromTheDashboard(_ origin: String?, _ status: Int) async throws {
        try await TestCore.with(psk: DashboardSessionTests.key) { core in
            let (_, cookie) = try await DashboardSessionTests.session(on: core)
            let connection = try RawConnection(port: core.port)
            var request = RawConnection.upgradeRequest(path: "/events", port: core.port)
            request.removeLast()  // the blank line ending the head: "\r\n" is one Character
            request += "Cookie: \(cookie)\r\n"
            if let origin { request += "Origin: \(origin.replacingOccurrences(of: "PORT", with: "\(core.port)"))\r\n" }
            try connection.send(request + "\r\n")
            let answer = try await connection.readResponse()
            #expect(answer.status == status, "\(answer.body)")
        }
    }
}
