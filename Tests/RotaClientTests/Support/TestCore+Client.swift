import Foundation
import Logging
import RotaClient
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

extension TestCore {
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

/// Runs `body` with a core started for it, and stops the core afterwards: on `port` (0 picks a
/// free one), with its database in `directory` (a fresh one when nil), asking for tokens signed
/// with `psk` when given.
@discardableResult
func withCore<T>(
    workflows: [Workflow] = [], directory: URL? = nil, port: Int = 0, psk: String? = nil, _ body: (TestCore) async throws -> T
) async throws -> T {
    try await TestCore.with(workflows: workflows, directory: directory, psk: psk, configure: { $0.port = port }, body)
}
