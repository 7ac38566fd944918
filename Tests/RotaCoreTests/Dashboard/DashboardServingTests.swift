import Foundation
import RotaDashboard
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// The dashboard's page and files: served from the binary at `/ui`, with headers that keep the
/// page to itself, and `/` sending a browser there.
@Suite struct DashboardServingTests {
    @Test func theRootSendsABrowserToTheDashboard() async throws {
        try await TestCore.with { core in
            let connection = try RawConnection(port: core.port)
            try connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(core.port)\r\n\r\n")
            #expect(try await connection.readResponse().status == 302)
            let followed = try await core.request(.GET, "/")
            #expect(followed.status == 200)
            #expect(followed.text.contains("<!doctype html>"))
        }
    }

    @Test(arguments: ["/ui", "/ui/", "/ui/runs", "/ui/some/deep/address"])
    func everyAddressOfTheDashboardAnswersThePageWithItsPolicy(_ path: String) async throws {
        try await TestCore.with { core in
            let response = try await core.request(.GET, path)
            #expect(response.status == 200)
            #expect(response.contentType == "text/html; charset=utf-8")
            #expect(response.text == String(decoding: DashboardAssets.page.bytes, as: UTF8.self))
            let policy = try #require(response.header("Content-Security-Policy"))
            #expect(policy.contains("script-src 'self'"))
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(response.header("X-Content-Type-Options") == "nosniff")
        }
    }

    @Test func everyFileIsServedWithItsMediaType() async throws {
        try await TestCore.with { core in
            for (name, asset) in DashboardAssets.files {
                let response = try await core.request(.GET, "/ui/assets/\(name)")
                #expect(response.status == 200, "\(name)")
                #expect(response.contentType == asset.contentType, "\(name)")
                #expect(Array(response.body) == asset.bytes, "\(name)")
            }
        }
    }

    @Test(arguments: ["nope.js", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", String(repeating: "a", count: 4000) + ".js", "dashboard.js%00.png"])
    func aFileTheDashboardDoesNotHaveIsNotFound(_ name: String) async throws {
        try await TestCore.with { core in
            let response = try await core.request(.GET, "/ui/assets/\(name)")
            #expect(response.status == 404)
            #expect(!response.text.contains("root:"))
            #expect(try await core.request(.GET, "/system/ping").status == 200)
        }
    }

    /// Every file the page and the scripts load is one the binary holds, and every file it holds
    /// is loaded by something: a file left out of the build or out of the table fails here.
    @Test func theFilesThePageLoadsAreExactlyTheFilesTheBinaryHolds() throws {
        let texts = [DashboardAssets.page] + DashboardAssets.files.values.map { $0 }
        var referenced: Set<String> = []
        for asset in texts {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            var rest = text[...]
            while let range = rest.range(of: "/ui/assets/") {
                let name = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || "._-".contains($0) }
                referenced.insert(String(name))
                rest = rest[range.upperBound...]
            }
        }
        #expect(referenced.subtracting(DashboardAssets.files.keys).sorted() == [], "loaded but not in the binary")
        #expect(Set(DashboardAssets.files.keys).subtracting(referenced).sorted() == [], "in the binary but loaded by nothing")
    }

    @Test func thePageNeedsNoTokenButTheAPIStillDoes() async throws {
        try await TestCore.with(psk: "the key") { core in
            let unsigned = core.client(signed: false)
            var statuses: [String: Int] = [:]
            for path in ["/ui", "/ui/assets/dashboard.js", "/workflows", "/uis"] {
                statuses[path] = try await unsigned.request(.GET, path).status
            }
            #expect(statuses == ["/ui": 200, "/ui/assets/dashboard.js": 200, "/workflows": 401, "/uis": 401])
        }
    }
}
