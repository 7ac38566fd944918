import Foundation
import RotaEngine
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// `http post` reaches only the hosts `webhook_allow` lets it, never a link-local or cloud
/// metadata address unless listed (also behind a name), connects to the address it checked, and
/// follows no redirect.
@Suite("webhooks")
struct WebhookTests {
    /// A resolver that knows only the names given, as a DNS server under the test's control.
    private static func resolver(_ names: [String: [String]]) -> HostResolver {
        HostResolver { name throws(OperationError) in
            guard let addresses = names[name] else { throw OperationError("\(name) cannot be resolved") }
            return addresses.compactMap(IPAddress.init)
        }
    }

    private static func post(_ url: String, allow: [String]?, resolver: HostResolver = .system) async throws -> CommandResult {
        try await Webhook(policy: WebhookPolicy(allowedHosts: allow, resolver: resolver)).post(URL(string: url)!, body: ["a": 1], timeout: 10)
    }

    private static func refusal(of host: String, allow: [String]?, resolver: HostResolver = .system) async -> String? {
        do {
            _ = try await WebhookPolicy(allowedHosts: allow, resolver: resolver).address(of: host)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aListedHostIsCalled() async throws {
        let server = try HookServer()
        defer { server.close() }
        let result = try await Self.post("http://127.0.0.1:\(server.port)/hook", allow: ["localhost", "127.0.0.1"])
        #expect(result == .success(output: "http post http://127.0.0.1:\(server.port)/hook answered 200"))
        #expect(server.received.count == 1)
    }

    @Test func aHostThatIsNotListedIsRefusedWithoutACall() async throws {
        let server = try HookServer()
        defer { server.close() }
        await #expect(throws: OperationError.self) {
            _ = try await Self.post("http://127.0.0.1:\(server.port)/hook", allow: ["hooks.example.com"])
        }
        let reason = await Self.refusal(of: "127.0.0.1", allow: ["hooks.example.com"])
        #expect(reason == "http post to 127.0.0.1 refused: it is not in webhook_allow; add it to --webhook-allow to call it")
        #expect(server.received.isEmpty)
    }

    @Test(arguments: [
        "169.254.169.254", "169.254.1.1", "[fe80::1]", "fe80::abcd", "fd00:ec2::254", "[::ffff:169.254.169.254]", "64:ff9b::a9fe:a9fe", "2852039166",
    ])
    func aLinkLocalOrMetadataAddressIsRefusedUnlessListed(host: String) async throws {
        let reason = try #require(await Self.refusal(of: host, allow: nil))
        #expect(reason.contains("a link-local or cloud metadata address") && reason.contains("webhook_allow (--webhook-allow)"))
        #expect(reason.contains("to \(WebhookPolicy.normalized(host)) refused"))
    }

    @Test func theMetadataAddressIsCalledWhenListed() async throws {
        let address = try await WebhookPolicy(allowedHosts: ["169.254.169.254"], resolver: .system).address(of: "169.254.169.254")
        #expect(address.description == "169.254.169.254")
        let decimal = try await WebhookPolicy(allowedHosts: ["2852039166", "169.254.169.254"], resolver: .system).address(of: "2852039166")
        #expect(decimal.description == "169.254.169.254")
        let reason = await Self.refusal(of: "2852039166", allow: ["2852039166"])
        #expect(reason?.contains("2852039166 resolves to 169.254.169.254") == true)
    }

    @Test func theMetadataNameIsRefusedUnlessListed() async throws {
        let resolver = Self.resolver(["metadata.google.internal": ["169.254.169.254"]])
        let reason = await Self.refusal(of: "Metadata.Google.Internal.", allow: nil, resolver: resolver)
        #expect(reason == "http post to metadata.google.internal refused: it is a cloud metadata service; list it in webhook_allow (--webhook-allow) to call it")
        let listed = try await WebhookPolicy(allowedHosts: ["metadata.google.internal"], resolver: resolver).address(of: "metadata.google.internal")
        #expect(listed.description == "169.254.169.254")
    }

    @Test func aNameThatResolvesToALinkLocalAddressIsRefused() async throws {
        let resolver = Self.resolver(["hooks.test": ["93.184.215.14", "fe80::1"], "inside.test": ["169.254.10.10"]])
        let reason = await Self.refusal(of: "hooks.test", allow: nil, resolver: resolver)
        #expect(reason == "http post to hooks.test refused: hooks.test resolves to fe80::1, a link-local or cloud metadata address; list fe80::1 in webhook_allow (--webhook-allow) to call it")
        let listedName = await Self.refusal(of: "inside.test", allow: ["inside.test"], resolver: resolver)
        #expect(listedName?.contains("inside.test resolves to 169.254.10.10") == true)
        let listedAddress = try await WebhookPolicy(allowedHosts: ["inside.test", "169.254.10.10"], resolver: resolver).address(of: "inside.test")
        #expect(listedAddress.description == "169.254.10.10")
    }

    @Test func theCallGoesToTheAddressThatWasChecked() async throws {
        let server = try HookServer()
        defer { server.close() }
        let result = try await Self.post(
            "http://hooks.test:\(server.port)/hook", allow: ["hooks.test"], resolver: Self.resolver(["hooks.test": ["127.0.0.1"]]))
        #expect(result == .success(output: "http post http://hooks.test:\(server.port)/hook answered 200"))
        let head = try #require(server.received.first)
        #expect(head.lowercased().contains("host: hooks.test:\(server.port)"))
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let target = try HookServer()
        defer { target.close() }
        let redirecting = try HookServer { _ in .init(status: 302, headers: ["Location": "http://127.0.0.1:\(target.port)/elsewhere"]) }
        defer { redirecting.close() }
        let result = try await Self.post("http://127.0.0.1:\(redirecting.port)/hook", allow: nil)
        #expect(
            result == .failure(
                "http post http://127.0.0.1:\(redirecting.port)/hook answered 302, a redirect to http://127.0.0.1:\(target.port)/elsewhere; "
                    + "redirects are not followed, call that URL instead"))
        #expect(redirecting.received.count == 1)
        #expect(target.received.isEmpty)
    }

    @Test func theCredentialsOfTheURLAreSentAsBasicAuthentication() async throws {
        let server = try HookServer()
        defer { server.close() }
        let result = try await Self.post("http://hook:s%40cret@127.0.0.1:\(server.port)/hook", allow: nil)
        #expect(result == .success(output: "http post http://hook:s%40cret@127.0.0.1:\(server.port)/hook answered 200"))
        let head = try #require(server.received.first)
        #expect(head.contains("Authorization: Basic \(Data("hook:s@cret".utf8).base64EncodedString())"))
        #expect(head.hasPrefix("POST /hook HTTP/1.1"))
    }

    @Test(arguments: [
        ("http post https://user:secret@hooks.example.com/x {\"a\": 1}", "http post https://user:***@hooks.example.com/x {\"a\": 1}"),
        ("\"https://u:p@ss@h?token=t\" and ftp://a:b@c", "\"https://u:***@h?token=t\" and ftp://a:***@c"),
        ("https://user@host/a@b https://host/x?u=a:b@c", "https://user@host/a@b https://host/x?u=a:b@c"),
        ("no URL: a:b@c", "no URL: a:b@c"),
    ])
    func onlyThePasswordOfEachURLIsMasked(text: String, masked: String) {
        #expect(URLCredentials.masked(text) == masked)
    }

    @Test func aCoreWithWebhookAllowRefusesOtherHostsInTheRunsLog() async throws {
        let server = try HookServer()
        defer { server.close() }
        let workflow = Workflow(
            id: "notify", steps: [Step(name: "call", action: .executeCommand("http post http://127.0.0.1:\(server.port)/hook"))])
        try await TestCore.with(workflows: [workflow], configure: { $0.webhookAllow = ["hooks.example.com"] }) { core in
            let run = try await core.run("notify")
            _ = try await core.finishedRun(run)
            let log = try await core.request(.GET, "/tasks/\(run)/log").text
            #expect(log.contains("http post to 127.0.0.1 refused: it is not in webhook_allow; add it to --webhook-allow to call it"))
        }
        #expect(server.received.isEmpty)
    }
}
