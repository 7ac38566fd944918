import Foundation
import NIOCore
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

/// The REST client against a real core: JSON both ways, empty answers, streamed bodies, the bus,
/// and errors that tell a user what to do.
@Suite struct CoreAPITests {
    @Test func jsonGoesInAndComesOut() async throws {
        try await withCore { core in
            let subscriber = try await core.api.put(
                CoreConnection.path("subscriber", "worker-1"), json: [["message_type": "collect", "timeout": 120]])
            #expect(subscriber["id"] == "worker-1")
            let read = try await core.api.get(CoreConnection.path("subscriber", "worker-1"))
            #expect(read == subscriber)
            let added = try await core.api.post(
                CoreConnection.path("subscriber", "worker-1", "cleanup"), query: [("timeout", "30"), ("wait_for_completion", "false")])
            #expect(added["subscriptions"]?["cleanup"] == ["message_type": "cleanup", "timeout": 30, "wait_for_completion": false])
            let forCleanup = try await core.api.get(CoreConnection.path("subscribers", "for", "cleanup"))
            #expect(forCleanup.arrayValue?.count == 1)
        }
    }

    @Test func anEmptyAnswerIsNull() async throws {
        try await withCore { core in
            try await core.api.put(CoreConnection.path("subscriber", "gone"), json: [["message_type": "collect"]])
            let answer = try await core.api.delete(CoreConnection.path("subscriber", "gone"))
            #expect(answer == .null)
        }
    }

    @Test func aRefusalCarriesTheCoresCodeMessageAndPath() async throws {
        try await withCore { core in
            let error = await #expect(throws: CoreAPIError.self) {
                try await core.api.put(CoreConnection.path("subscriber", "w"), json: [["message_type": "collect", "timeout": -1]])
            }
            guard case .refused(let request, let status, let code, let message, let path) = try #require(error) else {
                Issue.record("not a refusal: \(String(describing: error))")
                return
            }
            #expect(request == "PUT /subscriber/w")
            #expect(status == 400)
            #expect(code == "bad_request")
            #expect(message.contains("seconds > 0"))
            #expect(path == "[0].timeout")
            #expect(error?.isTransient == false)
            #expect(
                error?.description == "the core refused PUT /subscriber/w with 400 bad_request: must be a number of seconds > 0 (at [0].timeout)")
        }
    }

    @Test func aPathTheMessageNamesAlreadyIsNotRepeated() {
        let refusal = CoreAPIError.refused(
            request: "PUT /workflows/w", status: 400, code: "invalid_definition",
            message: "the definition has a problem: steps[0].timeout: must be > 0", path: "steps[0].timeout")
        #expect(refusal.description == "the core refused PUT /workflows/w with 400 invalid_definition: the definition has a problem: steps[0].timeout: must be > 0")
    }

    @Test func anUnknownRunIsANotFoundRefusal() async throws {
        try await withCore { core in
            let error = await #expect(throws: CoreAPIError.self) { try await core.api.get("/tasks/nothing-here") }
            #expect(error?.status == 404)
            #expect(error?.description.contains("no run has the id \"nothing-here\"") == true)
        }
    }

    @Test func anUnreachableCoreIsReportedWithWhatToDo() async throws {
        let port = try freeLoopbackPort()
        let api = CoreAPI(connection: CoreConnection(url: URL(string: "http://127.0.0.1:\(port)")!))
        let error = await #expect(throws: CoreAPIError.self) { try await api.get("/tasks") }
        #expect(error == .unreachable(url: "http://127.0.0.1:\(port)", reason: "connection refused"))
        #expect(
            error?.description
                == "cannot reach the core at http://127.0.0.1:\(port) (connection refused); is `rota core` running? Set --core or ROTA_CORE")
        #expect(error?.isTransient == true)
    }

    @Test func theEventStreamOfAnUnreachableCoreEndsWithTheSameError() async throws {
        let port = try freeLoopbackPort()
        let api = CoreAPI(connection: CoreConnection(url: URL(string: "http://127.0.0.1:\(port)")!))
        let error = await #expect(throws: CoreAPIError.self) {
            for try await _ in api.events() {}
        }
        #expect(error == .unreachable(url: "http://127.0.0.1:\(port)", reason: "connection refused"))
    }

    @Test func aStreamedBodyArrivesWhole() async throws {
        // No endpoint of the core reads a POST body yet; PUT shares the streaming path.
        try await withCore { core in
            let chunks = ["[{\"message_type\": ", "\"collect\"}, {\"message_type\"", ": \"cleanup\", \"timeout\": 5}]"]
            let body = AsyncStream<ByteBuffer> { continuation in
                for chunk in chunks { continuation.yield(ByteBuffer(string: chunk)) }
                continuation.finish()
            }
            let subscriber = try await core.api.put(
                CoreConnection.path("subscriber", "streamer"), streaming: body, contentType: "application/json")
            #expect(subscriber["id"] == "streamer")
            let read = try await core.api.get(CoreConnection.path("subscriber", "streamer"))
            #expect(read["subscriptions"]?["cleanup"]?["timeout"] == 5)
        }
    }

    @Test func eventsFollowTheBusFilteredByType() async throws {
        try await withCore { core in
            var events = core.api.events(show: ["task_end"]).makeAsyncIterator()
            let runs = Task {
                while !Task.isCancelled {
                    _ = try? await core.run("metrics")
                    try? await Task.pause(for: .milliseconds(200))
                }
            }
            let first = try await events.next()
            runs.cancel()
            _ = await runs.result
            #expect(first?.messageType == "task_end")
            #expect(first?.data["task_id"]?.stringValue != nil)
        }
    }
}
