import Foundation
import Logging
import RotaClient
import RotaCore

/// A core on loopback with its database in a fresh temporary folder, no schedules, and its
/// REST API; `stop()` shuts it down and removes the folder.
struct BenchCore {
    let core: Core
    let connection: CoreConnection
    let api: CoreAPI
    private let directory: URL
    private let running: Task<Void, any Error>

    static func start() async throws -> BenchCore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-inventory-bench-\(UUID().uuidString)")
        var settings = CoreSettings()
        settings.port = 0
        settings.databasePath = directory.appendingPathComponent("rota.db").path
        settings.schedules = [:]
        settings.tickInterval = .milliseconds(100)
        let core = try await Core.open(settings: settings, logger: benchLogger("rota.core"))
        let running = Task { try await core.run() }
        let connection = CoreConnection(url: URL(string: "http://127.0.0.1:\(try await core.port())")!)
        return BenchCore(
            core: core, connection: connection, api: CoreAPI(connection: connection, timeout: .seconds(600)), directory: directory,
            running: running)
    }

    func stop() async {
        await core.shutDown()
        _ = await running.result
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A logger that reports errors only, so that the figures stay readable.
func benchLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .error
    return logger
}

/// The duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The median of `values`.
func median(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}
