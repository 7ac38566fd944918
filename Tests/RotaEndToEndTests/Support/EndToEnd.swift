import Foundation
import Logging
import RotaClient
import RotaModel
import RotaTestSupport
import RotaWorker
import ServiceLifecycle
import Testing

/// Runs `body` with a core of its own (with a pre-shared key when given), and stops the core afterwards.
@discardableResult
func withCore<T>(psk: String? = nil, _ body: (TestCore) async throws -> T) async throws -> T {
    try await TestCore.with(psk: psk, body)
}

/// Runs a worker with `collectors` for `core` while `body` runs.
func withWorker<T>(
    _ collectors: [any Collector], of core: TestCore, cleanupExpired: Bool = false, cleanup: Bool = false,
    _ body: () async throws -> T
) async throws -> T {
    let worker = Worker(
        collectors: collectors, connection: core.connection,
        settings: WorkerSettings(cleanupExpired: cleanupExpired, cleanup: cleanup), logger: testLogger("rota.test.worker"))
    return try await withRunning(worker, ready: { await worker.waitUntilConnected() }, body)
}

extension TestCore {
    /// Runs workflow `id` to its end; returns the finished run and its log.
    func completedRun(_ id: String) async throws -> (run: JSONValue, log: [JSONValue]) {
        let taskId = try await run(id)
        let run = try await finishedRun(taskId, within: 60)
        let log = try await request(.GET, "/tasks/\(taskId)/log").json().arrayValue ?? []
        return (run, log)
    }

    /// Every stored resource that matches the query parameters, by id.
    func resources(_ query: String = "") async throws -> [String: JSONValue] {
        var resources: [String: JSONValue] = [:]
        var after: String?
        repeat {
            var path = "/resources?limit=1000" + (query.isEmpty ? "" : "&" + query)
            if let after { path += "&after=\(after)" }
            let page = try await request(.GET, path).json()
            for resource in page["resources"]?.arrayValue ?? [] {
                if let id = resource["id"]?.stringValue { resources[id] = resource }
            }
            after = page["next"]?.stringValue
        } while after != nil
        return resources
    }

    /// Protects the resource, as a user does through the API.
    func protect(_ id: String) async throws {
        let response = try await request(.PATCH, "/resources/\(id)", json: ["protected": true])
        #expect(response.status == 200, "protecting \(id): \(response.text)")
    }
}

/// The messages of the log entries of `level`.
func messages(_ log: [JSONValue], level: String) -> [String] {
    log.filter { $0["level"]?.stringValue == level }.compactMap { $0["message"]?.stringValue }
}
