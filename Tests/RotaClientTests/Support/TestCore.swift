import Foundation
import Logging
import RotaClient
import RotaCore
import RotaModel
import Testing

/// A real core on its own port with its database in a fresh directory, for one test.
final class TestCore: Sendable {
    let core: Core
    let port: Int
    let directory: URL
    let psk: String?
    private let running: Task<Void, any Error>

    /// Starts a core running `workflows` besides the default ones. `directory` reuses the database
    /// of an earlier core, `port` 0 picks a free one.
    static func start(workflows: [Workflow] = [], directory: URL? = nil, port: Int = 0, psk: String? = nil) async throws -> TestCore {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("rota-client-\(UUID().uuidString)")
        var settings = CoreSettings()
        settings.port = port
        settings.databasePath = directory.appendingPathComponent("rota.db").path
        settings.timeZone = TimeZone(identifier: "UTC")!
        settings.psk = psk
        settings.tickInterval = .milliseconds(100)
        let core = try await Core.open(settings: settings, workflows: workflows, logger: testLogger("rota.test.core"))
        let running = Task { try await core.run() }
        let port = await core.port()
        return TestCore(core: core, port: port, directory: directory, psk: psk, running: running)
    }

    private init(core: Core, port: Int, directory: URL, psk: String?, running: Task<Void, any Error>) {
        self.core = core
        self.port = port
        self.directory = directory
        self.psk = psk
        self.running = running
    }

    /// Where clients find this core, with its key.
    var connection: CoreConnection {
        CoreConnection(url: URL(string: "http://127.0.0.1:\(port)")!, psk: psk)
    }

    /// The REST API of this core, signed with its key.
    var api: CoreAPI { CoreAPI(connection: connection) }

    /// Shuts the core down gracefully and waits until it has stopped.
    func stop() async {
        await core.shutDown()
        _ = await running.result
    }

    /// Starts a run of `workflow` and returns its id.
    func run(_ workflow: String) async throws -> TaskId {
        let answer = try await api.post(CoreConnection.path("workflows", workflow, "run"))
        return try #require(answer["task_id"]?.stringValue, "no run started: \(answer)")
    }

    /// The run `taskId`, running or finished.
    func task(_ taskId: TaskId) async throws -> JSONValue {
        try await api.get(CoreConnection.path("tasks", taskId))
    }

    /// The log of run `taskId`.
    func log(_ taskId: TaskId) async throws -> [JSONValue] {
        try await api.get(CoreConnection.path("tasks", taskId, "log")).arrayValue ?? []
    }

    /// Waits until run `taskId` has finished and returns it as the history shows it.
    func finishedRun(_ taskId: TaskId, within seconds: Double = 20) async throws -> JSONValue {
        var last = JSONValue.null
        try await eventually("run \(taskId) finishes", within: seconds) {
            last = try await task(taskId)
            return last["state"] == "finished"
        }
        return last
    }
}

/// A logger for tests: silent unless `ROTA_TEST_LOG` is set.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["ROTA_TEST_LOG"] == nil ? .critical : .debug
    return logger
}

/// A test that cannot go on, with the reason.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Waits until `condition` holds, checking every 20 ms; fails after `seconds`.
func eventually(_ what: String, within seconds: Double = 10, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestFailure("\(what) did not happen within \(seconds) s")
}

/// Runs `body` with a core started for it, and stops the core afterwards.
@discardableResult
func withCore<T>(
    workflows: [Workflow] = [], psk: String? = nil, _ body: (TestCore) async throws -> T
) async throws -> T {
    let core = try await TestCore.start(workflows: workflows, psk: psk)
    do {
        let result = try await body(core)
        await core.stop()
        return result
    } catch {
        await core.stop()
        throw error
    }
}
