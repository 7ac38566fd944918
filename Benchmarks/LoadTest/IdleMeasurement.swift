import Foundation
import RotaBenchmarkSupport
import RotaClient
import RotaModel

/// Part (b): many subscribers connected and idle (each subscribed to one message type no
/// workflow uses), and the core's resident memory before and with them. The core may serve
/// 1 000 connections more than the subscribers (`ROTA_MAX_CONNECTIONS`), for the test's own
/// requests.
struct IdleMeasurement {
    let subscribers: Int

    /// What one measurement gave.
    struct Result {
        /// The core's memory once it serves, with no subscriber.
        var empty: ProcessMemory
        /// With the subscribers registered but not connected.
        var registered: ProcessMemory
        /// With every subscriber connected, after the core has settled.
        var connected: ProcessMemory
        /// Subscribers the core counts as connected (`rota_core_subscribers_connected`).
        /// This process, which holds the subscribers' ends of the connections.
        var clients: ProcessMemory
        var connectedByCore: Int
        var connectSeconds: Double
        var lostConnections: Int
    }

    func run() async throws -> Result {
        let core = try ChildCore.start(settings: ["ROTA_MAX_CONNECTIONS": "\(subscribers + 1000)"])
        let api = CoreAPI(connection: CoreConnection(url: URL(string: "http://127.0.0.1:\(core.port)")!), timeout: .seconds(120))
        try await Task.pause(for: .seconds(1))
        let empty = core.memory
        let connections = LoadConnections(port: core.port)
        let ids = (0..<subscribers).map { "load-idle-\($0)" }
        try await connections.register(ids, to: ["load_idle"], api: api)
        let registered = core.memory
        let clock = ContinuousClock()
        let began = clock.now
        let tasks = try await connections.connect(ids) { _, _ in }
        let connectSeconds = seconds(clock.now - began)
        var connectedByCore = 0
        let deadline = clock.now + .seconds(60)
        while connectedByCore < subscribers, clock.now < deadline {
            connectedByCore = try await Self.connectedSubscribers(api: api)
            if connectedByCore < subscribers { try await Task.pause(for: .milliseconds(200)) }
        }
        try await Task.pause(for: .seconds(3))
        let connected = core.memory
        let clients = ProcessMemory.of("self")
        let lost = connections.lostCount
        for task in tasks { task.cancel() }
        await core.stop()
        return Result(
            empty: empty, registered: registered, connected: connected, clients: clients, connectedByCore: connectedByCore, connectSeconds: connectSeconds,
            lostConnections: lost)
    }

    /// The core's own count of connected subscribers, from its metrics.
    private static func connectedSubscribers(api: CoreAPI) async throws -> Int {
        let text = try await api.get("/metrics").stringValue ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("rota_core_subscribers_connected") }
        return line?.split(separator: " ").last.flatMap { Double($0) }.map { Int($0) } ?? 0
    }
}
