import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("Connections that stay unused, and too many connections")
struct ConnectionLimitTests {
    static func ping(on connection: RawConnection) async throws -> Int {
        try connection.send("GET /system/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return try await connection.readResponse().status
    }

    @Test func connectionThatSendsNothingIsClosedAfterTheIdleTimeout() async throws {
        try await TestCore.with(configure: { $0.idleTimeout = 0.3 }) { core in
            let silent = try RawConnection(port: core.port)
            #expect(await silent.closesWithin(10))
        }
    }

    @Test func keptAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await TestCore.with(configure: { $0.idleTimeout = 0.3 }) { core in
            let connection = try RawConnection(port: core.port)
            #expect(try await Self.ping(on: connection) == 200)
            #expect(await connection.closesWithin(10))
        }
    }

    @Test func requestWhoseBodyStallsIsClosedAfterTheReadTimeout() async throws {
        try await TestCore.with(configure: { $0.readTimeout = 0.3 }) { core in
            let connection = try RawConnection(port: core.port)
            try connection.send("POST /workflows/wf/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
            #expect(await connection.closesWithin(10))
        }
    }

    @Test func webSocketOutlivesTheIdleTimeout() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("wf", "collect")], configure: { settings in
            settings.idleTimeout = 0.2
            settings.readTimeout = 0.2
        }) { core in
            // Each request on a connection of its own: a pooled one would be closed by the short timeout.
            let registration = try RawConnection(port: core.port)
            try registration.send("POST /subscriber/a/collect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
            #expect(try await registration.readResponse().status == 200)
            let actor = try await TestActor.connect(port: core.port, id: "a")
            // The wait is what is tested: the actor's WebSocket stays silent for four idle timeouts.
            try await Task.pause(for: .milliseconds(800))
            let start = try RawConnection(port: core.port)
            try start.send("POST /workflows/wf/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
            #expect(try await start.readResponse().status == 200)
            let action = try await actor.nextAction()
            #expect(action.messageType == "collect")
        }
    }

    @Test func connectionBeyondTheCapIsClosedAtOnceAndCounted() async throws {
        try await TestCore.with(configure: { $0.maxConnections = 2 }) { core in
            let first = try RawConnection(port: core.port)
            let second = try RawConnection(port: core.port)
            #expect(try await Self.ping(on: first) == 200)
            #expect(try await Self.ping(on: second) == 200, "the cap-th connection is served")
            let third = try RawConnection(port: core.port)
            #expect(await third.closesWithin(10), "one beyond the cap is closed")
            try first.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let metrics = try await first.readResponse()
            #expect(metrics.body.contains("rota_core_connections_refused_total 1"))
            #expect(try await Self.ping(on: second) == 200)
        }
    }
}
