import Foundation
import NIOCore
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

/// A client given several cores finds the leader among them: it skips a core that is down and a
/// standby, uses the leader a standby names, follows a standby's `307` once, and an actor moves
/// to another core when its own stops.
@Suite struct LeaderFollowingTests {
    @Test func aDeadCoreAndAStandbyAreSkippedAndTheLeaderTheStandbyNamesIsUsed() async throws {
        try await withCore { leader in
            let standby = FakeStandby(leader: leader.baseURL, requests: .unavailable)
            try await standby.serving {
                let dead = "http://127.0.0.1:\(try freeLoopbackPort())"
                let log = LogRecorder()
                let api = CoreAPI(connection: try cores([dead, standby.baseURL], of: leader), logger: log.logger())
                try await api.put(CoreConnection.path("subscriber", "w"), json: [["message_type": "collect"]])

                #expect(api.currentConnection.url.absoluteString == leader.baseURL)
                let read = try await leader.api.get(CoreConnection.path("subscriber", "w"))
                #expect(read["id"] == "w")
                #expect(standby.received.contains("GET /system/ready"))
                #expect(log.lines(at: .notice) == ["now using the core at \(leader.baseURL) (the leader)"])

                try await api.delete(CoreConnection.path("subscriber", "w"))
                #expect(log.lines(at: .notice).count == 1, "the leader, once found, is used without another search")
            }
        }
    }

    @Test func aStandbysRedirectIsFollowedOnceWithTheSameMethodAndBodyAndTheLeaderIsRemembered() async throws {
        try await withCore { leader in
            let standby = FakeStandby(leader: leader.baseURL, requests: .redirect(to: leader.baseURL))
            try await standby.serving {
                let log = LogRecorder()
                let api = CoreAPI(connection: try cores([standby.baseURL], of: leader), logger: log.logger())
                let added = try await api.post(
                    CoreConnection.path("subscriber", "w", "cleanup"), query: [("timeout", "30")], json: nil)
                #expect(added["subscriptions"]?["cleanup"]?["timeout"] == 30)
                let answer = try await api.put(CoreConnection.path("subscriber", "v"), json: [["message_type": "collect", "timeout": 7]])
                #expect(answer["subscriptions"]?["collect"]?["timeout"] == 7)

                #expect(standby.received == ["POST /subscriber/w/cleanup?timeout=30"], "the second request went to the leader directly")
                #expect(try await leader.api.get(CoreConnection.path("subscriber", "v"))["id"] == "v")
                #expect(api.currentConnection.url.absoluteString == leader.baseURL)
                #expect(log.lines(at: .notice) == ["now using the core at \(leader.baseURL) (the leader)"])
            }
        }
    }

    @Test func aRedirectIsFollowedOnlyOnce() async throws {
        let first = FakeStandby(leader: nil, requests: .unavailable)
        try await first.serving {
            let second = FakeStandby(leader: nil, requests: .redirect(to: first.baseURL))
            try await second.serving {
                let loop = FakeStandby(leader: nil, requests: .redirect(to: second.baseURL))
                try await loop.serving {
                    let api = CoreAPI(connection: CoreConnection(url: URL(string: loop.baseURL)!))
                    let error = await #expect(throws: CoreAPIError.self) { try await api.get("/subscribers") }
                    #expect(error?.status == 307)
                    #expect(loop.received == ["GET /subscribers"])
                    #expect(second.received == ["GET /subscribers"])
                    #expect(first.received.isEmpty)
                }
            }
        }
    }

    @Test func aRedirectToWhatIsNotACoreIsNotFollowed() async throws {
        for location in ["ftp://127.0.0.1:1", "http://" + String(repeating: "a", count: 2100) + ".example"] {
            let standby = FakeStandby(leader: nil, requests: .redirect(to: location))
            try await standby.serving {
                let api = CoreAPI(connection: CoreConnection(url: URL(string: standby.baseURL)!))
                let error = await #expect(throws: CoreAPIError.self) { try await api.get("/subscribers") }
                #expect(error?.description.contains("which is not a core's URL") == true, "\(String(describing: error))")
                #expect(api.currentConnection.url.absoluteString == standby.baseURL)
            }
        }
    }

    @Test func aStreamedBodyRedirectedByAStandbyIsNotSentAgainButTheLeaderIsUsedNext() async throws {
        try await withCore { leader in
            let standby = FakeStandby(leader: leader.baseURL, requests: .redirect(to: leader.baseURL))
            try await standby.serving {
                let api = CoreAPI(connection: try cores([standby.baseURL], of: leader))
                let body = AsyncStream<ByteBuffer> { continuation in
                    continuation.yield(ByteBuffer(string: "[{\"message_type\": \"collect\"}]"))
                    continuation.finish()
                }
                let error = await #expect(throws: CoreAPIError.self) {
                    try await api.put(CoreConnection.path("subscriber", "s"), streaming: body, contentType: "application/json")
                }
                #expect(error?.status == 503)
                #expect(error?.isTransient == true)
                #expect(error?.description.contains("is a standby; the leader is at \(leader.baseURL)") == true, "\(String(describing: error))")
                #expect(api.currentConnection.url.absoluteString == leader.baseURL)
            }
        }
    }

    @Test func anEventIsEmittedAtTheLeaderWhenTheFirstCoreIsDown() async throws {
        try await withCore { leader in
            let dead = "http://127.0.0.1:\(try freeLoopbackPort())"
            let api = CoreAPI(connection: try cores([dead, leader.baseURL], of: leader))
            var seen = leader.api.events(show: ["deploy-finished"]).makeAsyncIterator()
            let message = try await api.emitting("deploy-finished") { try await seen.next() }
            #expect(message?.messageType == "deploy-finished")
            #expect(api.currentConnection.url.absoluteString == leader.baseURL)
        }
    }

    @Test func theActorMovesToAnotherCoreWhenItsCoreStops() async throws {
        let workflows = [TestWorkflows.single("hello", "greet")]
        try await withCore(workflows: workflows) { first in
            try await withCore(workflows: workflows) { second in
                let log = LogRecorder()
                let greeted = Recorder<TaskId>()
                let actor = RotaActor(
                    id: "greeter", connection: try cores([first.baseURL, second.baseURL], of: first), reconnect: .quick,
                    shutdownGrace: .seconds(5), logger: log.logger("rota.test.actor"))
                actor.on("greet") { action in greeted.record(action.task) }
                try await withRunning(actor) {
                    let atFirst = try await first.run("hello")
                    #expect(try await first.finishedRun(atFirst)["success"] == true)

                    let watched = Recorder<String>()
                    let watcher = Task {
                        for try await message in second.api.events(show: ["watching", "message-listener-connected"]) {
                            watched.record("\(message.messageType) \(message.data["subscriber_id"]?.stringValue ?? "")")
                        }
                    }
                    defer { watcher.cancel() }
                    try await second.api.emitting("watching") {
                        try await eventually("the test watches the second core") { !watched.all.isEmpty }
                    }
                    await first.stop()
                    try await eventually("the actor connects to the second core", within: patience) {
                        watched.all.contains("message-listener-connected greeter")
                    }
                    let atSecond = try await second.run("hello")
                    #expect(try await second.finishedRun(atSecond)["success"] == true)
                    #expect(greeted.all == [atFirst, atSecond])
                    #expect(log.lines(at: .notice).contains("now using the core at \(second.baseURL) (the leader)"))
                }
            }
        }
    }

    @Test func theActorTriesTheLeaderThatAWebSocketRefusalNames() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")]) { leader in
            let standby = FakeStandby(leader: leader.baseURL, requests: .refuseWebSockets)
            try await standby.serving {
                let log = LogRecorder()
                let actor = RotaActor(
                    id: "greeter", connection: try cores([standby.baseURL], of: leader), reconnect: .quick, shutdownGrace: .seconds(5),
                    logger: log.logger("rota.test.actor"))
                actor.on("greet") { _ in }
                try await withRunning(actor) {
                    let run = try await leader.run("hello")
                    #expect(try await leader.finishedRun(run)["success"] == true)
                    #expect(standby.received.contains("GET /subscriber/greeter/handle"))
                    #expect(log.recorded.contains { $0.text.contains("the core at \(standby.baseURL) is a standby; the leader is at \(leader.baseURL)") })
                    #expect(log.lines(at: .notice).contains("now using the core at \(leader.baseURL) (the leader)"))
                }
            }
        }
    }

    /// A connection to the cores at `urls`, with the key and TLS settings of `core`.
    private func cores(_ urls: [String], of core: TestCore) throws -> CoreConnection {
        try CoreConnection(urls: urls.map { URL(string: $0)! }, psk: core.psk, tls: core.clientTLS ?? ClientTLS())
    }
}
