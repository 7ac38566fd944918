import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Logging
import RotaAuth
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Testing

@testable import RotaCore

/// A core on PostgreSQL whose lease another core holds stands by: it answers ping, answers ready
/// with 503 and the leader's URL, redirects REST requests to the leader and refuses WebSocket
/// upgrades, honouring its pre-shared key; once the lease is free, it leads.
@Suite struct StandbyTests {
    /// The URL the leading core of these tests advertises.
    static let leaderURL = "http://leader.example:8900"

    /// A database whose lease a core of the test holds, and a core opening on it, on its own port.
    struct Scene {
        let store: PostgresStore
        let lease: LeaderLease
        let fence: LeaseFence
        let port: Int
        let opening: Task<Void, any Error>

        func client(psk: String? = nil) -> CoreClient { CoreClient(port: port, psk: psk) }

        /// The raw answer, head and body, to `GET target` (redirects are not followed).
        func rawGet(_ target: String, headers: [String: String] = [:]) async throws -> String {
            var request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for (name, value) in headers { request += "\(name): \(value)\r\n" }
            request += "\r\n"
            let text = request
            let port = self.port
            return try await withCheckedThrowingContinuation { continuation in
                Thread {
                    continuation.resume(
                        with: Result {
                            let fd = try RawConnection.connectedSocket(port: port)
                            defer { close(fd) }
                            var timeout = timeval(tv_sec: 30, tv_usec: 0)
                            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                            return try RawHTTP.exchange(text, on: fd)
                        })
                }.start()
            }
        }

        /// Stops the core (standby or leader) and closes the test's connections.
        func end() async {
            opening.cancel()
            _ = await opening.result
            store.close()
        }
    }

    static func scene(configure: (inout CoreSettings) -> Void = { _ in }) async throws -> Scene {
        let url = try await TestPostgres.freshDatabaseURL()
        var logger = Logger(label: "rota.test.standby")
        logger.logLevel = .critical
        let store = try await PostgresStore.open(try PostgresURL(url), logger: logger)
        let lease = LeaderLease(store: store, holder: "leader", url: leaderURL, duration: .seconds(300))
        let fence = try #require(try await lease.acquire())
        var settings = CoreSettings()
        settings.databasePath = url
        settings.port = try freeLoopbackPort()
        settings.leaseRetry = .milliseconds(100)
        settings.advertiseURL = "http://standby.example:\(settings.port)"
        configure(&settings)
        let core = Task { try await Core.open(settings: settings, logger: logger).run() }
        let scene = Scene(store: store, lease: lease, fence: fence, port: settings.port, opening: core)
        try await eventually("the standby answers ping", within: 30) {
            (try? await scene.client().request(.GET, "/system/ping").status) == 200
        }
        return scene
    }

    @Test func aStandbyAnswersReadyWith503AndTheLeadersURL() async throws {
        let scene = try await Self.scene()
        defer { Task { await scene.end() } }
        let ready = try await scene.client().request(.GET, "/system/ready")
        #expect(ready.status == 503)
        let answer = try ready.json()
        #expect(answer["role"] == "standby")
        #expect(answer["leader"] == .string(Self.leaderURL))
    }

    @Test func aStandbyRedirectsRESTRequestsToTheLeaderWithTheSamePathAndQuery() async throws {
        let scene = try await Self.scene()
        defer { Task { await scene.end() } }
        let answer = try await scene.rawGet("/tasks?state=running&limit=5")
        #expect(answer.hasPrefix("HTTP/1.1 307"))
        #expect(answer.lowercased().contains("location: \(Self.leaderURL)/tasks?state=running&limit=5".lowercased()))
    }

    @Test func aStandbySendsABrowserToTheLeadersDashboard() async throws {
        let scene = try await Self.scene()
        defer { Task { await scene.end() } }
        let answer = try await scene.rawGet("/ui")
        #expect(answer.hasPrefix("HTTP/1.1 307"))
        #expect(answer.lowercased().contains("location: \(Self.leaderURL)/ui\r\n".lowercased()))
    }

    /// A path as long as a request head may be is redirected whole; one beyond that is refused
    /// by the HTTP parser before it reaches the standby; either way the standby serves on.
    @Test(arguments: [(8_000, true), (60_000, true), (100_000, false)])
    func aVeryLongPathIsRedirectedWholeOrRefused(_ length: Int, _ redirected: Bool) async throws {
        let scene = try await Self.scene()
        defer { Task { await scene.end() } }
        let path = "/tasks/" + String(repeating: "a", count: length)
        let answer = (try? await scene.rawGet(path)) ?? ""
        if redirected {
            #expect(answer.hasPrefix("HTTP/1.1 307"))
            #expect(answer.contains("\(Self.leaderURL)\(path)\r\n"))
        } else {
            #expect(!answer.hasPrefix("HTTP/1.1 307"), "\(answer.prefix(40))")
        }
        #expect(try await scene.client().request(.GET, "/system/ping").status == 200, "the standby serves on")
    }

    @Test func aStandbyRefusesAWebSocketUpgradeWith503NamingTheLeader() async throws {
        let scene = try await Self.scene()
        defer { Task { await scene.end() } }
        let answer = try await RawHTTP.upgrade(port: scene.port, path: "/subscriber/collector/handle")
        #expect(answer.status == 503)
        #expect(answer.body.contains(Self.leaderURL))
        #expect(answer.body.contains("not_leader"))
    }

    @Test func aStandbyWithAPreSharedKeyRedirectsOnlySignedRequests() async throws {
        let scene = try await Self.scene { $0.psk = "standby-key" }
        defer { Task { await scene.end() } }
        #expect(try await scene.rawGet("/tasks").hasPrefix("HTTP/1.1 401"))
        let signed = TokenSigner(key: PreSharedKey("standby-key")).authorizationHeader()
        #expect(try await scene.rawGet("/tasks", headers: ["Authorization": signed]).hasPrefix("HTTP/1.1 307"))
        #expect(try await scene.client().request(.GET, "/system/ready").status == 401)
        #expect(try await RawHTTP.upgrade(port: scene.port, path: "/events").status == 401)
    }

    @Test func aStandbyThatKnowsNoLiveLeaderAnswers503NotLeader() async throws {
        let known = KnownLeader()
        known.update(LeaderLease.Leader(holder: "gone", url: Self.leaderURL, epoch: 3, live: false))
        #expect(known.liveURL == nil)
        #expect(StandbyMiddleware.webSocketRefusal(leader: known.liveURL).code == "not_leader")
        known.update(LeaderLease.Leader(holder: "live", url: Self.leaderURL, epoch: 4, live: true))
        #expect(known.liveURL == Self.leaderURL)
    }

    @Test func aStandbyLeadsOnceTheLeaseIsReleased() async throws {
        let scene = try await Self.scene()
        defer { Task { await scene.end() } }
        #expect(try await scene.client().request(.GET, "/system/ready").status == 503)
        try await scene.lease.release(scene.fence)
        try await eventually("the standby leads", within: 30) {
            (try? await scene.client().request(.GET, "/system/ready").status) == 200
        }
        let answer = try await scene.client().request(.GET, "/system/ready").json()
        #expect(answer["role"] == "leader")
        #expect(try await scene.lease.leader()?.url == "http://standby.example:\(scene.port)")
    }
}
