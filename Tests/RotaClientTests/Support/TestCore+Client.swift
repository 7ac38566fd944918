import Foundation
import Logging
import RotaClient
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

extension TestCore {
    /// Starts a core for client tests: `port` 0 picks a free one, `psk` makes it ask for tokens,
    /// and the clock ticks every 100 ms so that timeouts are noticed quickly.
    static func start(workflows: [Workflow] = [], directory: URL? = nil, port: Int, psk: String? = nil) async throws -> TestCore {
        try await start(workflows: workflows, directory: directory) { settings in
            settings.port = port
            settings.psk = psk
            settings.tickInterval = .milliseconds(100)
        }
    }

    /// The REST API of this core, signed with its key.
    var api: CoreAPI { CoreAPI(connection: connection) }

    /// The run `taskId`, running or finished.
    func task(_ taskId: TaskId) async throws -> JSONValue {
        try await api.get(CoreConnection.path("tasks", taskId))
    }

    /// The log of run `taskId`.
    func log(_ taskId: TaskId) async throws -> [JSONValue] {
        try await api.get(CoreConnection.path("tasks", taskId, "log")).arrayValue ?? []
    }
}

/// Runs `body` with a core started for it, and stops the core afterwards.
@discardableResult
func withCore<T>(
    workflows: [Workflow] = [], psk: String? = nil, _ body: (TestCore) async throws -> T
) async throws -> T {
    try await TestCore.with(workflows: workflows, psk: psk, body)
}
