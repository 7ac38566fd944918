import Foundation
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCLI

/// The bus `run --wait` subscribes to before it starts the run: listening once `open` returns.
@Suite struct ListeningBusTests {
    @Test func aMessagePublishedRightAfterOpenIsReceivedAndTheProbeIsNot() async throws {
        try await withCore { core in
            let api = CoreAPI(connection: CoreConnection(url: URL(string: core.baseURL)!))
            for attempt in 1...5 {
                let bus = try await ListeningBus.open(api, show: ["hello"])
                try await api.emit(Event(messageType: "hello", data: ["attempt": .int(Int64(attempt))]))
                var messages = bus.makeAsyncIterator()
                let first = try await messages.next()
                #expect(first == .event(Event(messageType: "hello", data: ["attempt": .int(Int64(attempt))])))
            }
        }
    }

    @Test func aProbeThatDoesNotComeBackInTimeIsAnError() async throws {
        try await withCore { core in
            let api = CoreAPI(connection: CoreConnection(url: URL(string: core.baseURL)!))
            let error = await #expect(throws: CoreAPIError.self) { _ = try await ListeningBus.open(api, show: ["hello"], limit: .zero) }
            #expect("\(error.map { "\($0)" } ?? "")".contains("did not send a probe event back"))
        }
    }

    @Test func anUnreachableCoreIsReported() async throws {
        let baseURL = "http://127.0.0.1:\(try freeLoopbackPort())"
        let api = CoreAPI(connection: CoreConnection(url: URL(string: baseURL)!))
        await #expect(throws: CoreAPIError.unreachable(url: baseURL, reason: "connection refused")) {
            _ = try await ListeningBus.open(api, show: ["hello"])
        }
    }
}
