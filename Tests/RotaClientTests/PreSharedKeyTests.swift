import Foundation
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

/// A core with a pre-shared key: the actor and the REST client sign with it, and without it they
/// get a 401 that says so.
@Suite struct PreSharedKeyTests {
    static let psk = "a long random secret"

    @Test func withTheKeyTheAPIAndTheActorWork() async throws {
        try await withCore(workflows: [TestWorkflows.single("hello", "greet")], psk: Self.psk) { core in
            #expect(try await core.api.get("/subscribers") == [])
            let actor = core.sdkActor("greeter")
            actor.on("greet") { _ in }
            let run = try await withRunning(actor) {
                try await core.finishedRun(try await core.run("hello"))
            }
            #expect(run["success"] == true)
            var events = core.api.events(show: ["task_end"]).makeAsyncIterator()
            let runs = Task {
                while !Task.isCancelled {
                    _ = try? await core.run("metrics")
                    try? await Task.pause(for: .milliseconds(200))
                }
            }
            let event = try await events.next()
            runs.cancel()
            #expect(event?.messageType == "task_end")
        }
    }

    @Test func withoutTheKeyTheAPIGetsAClear401() async throws {
        try await withCore(psk: Self.psk) { core in
            let api = CoreAPI(connection: CoreConnection(url: core.connection.url, psk: nil))
            let error = await #expect(throws: CoreAPIError.self) { try await api.get("/subscribers") }
            #expect(error?.status == 401)
            #expect(error?.isTransient == false)
            #expect(error?.description.hasPrefix("the core refused GET /subscribers with 401 unauthorized: ") == true)
            #expect(error?.description.hasSuffix("; the pre-shared key (--psk or ROTA_PSK) must be the core's") == true)
        }
    }

    @Test func withAWrongKeyTheEventStreamGetsA401() async throws {
        try await withCore(psk: Self.psk) { core in
            let api = CoreAPI(connection: CoreConnection(url: core.connection.url, psk: "not the secret"))
            let error = await #expect(throws: CoreAPIError.self) {
                for try await _ in api.events() {}
            }
            #expect(error?.status == 401)
            #expect(error?.description.hasPrefix("the core refused the WebSocket /events with 401 unauthorized: ") == true)
        }
    }

    @Test func withoutTheKeyTheActorStopsWithA401() async throws {
        try await withCore(psk: Self.psk) { core in
            let actor = core.sdkActor("greeter", psk: .some(nil))
            actor.on("greet") { _ in }
            let error = await #expect(throws: CoreAPIError.self) { try await actor.run() }
            #expect(error?.status == 401)
            #expect(error?.description.hasPrefix("the core refused PUT /subscriber/greeter with 401 unauthorized: ") == true)
            #expect(actor.state == .stopped)
        }
    }
}
