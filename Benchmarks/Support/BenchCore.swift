import Foundation
import Logging
import RotaClient
import RotaCore

/// A core on loopback with its database in a fresh temporary folder, no schedules, and its
/// REST API; `stop()` shuts it down and removes the folder.
public struct BenchCore {
    public let core: Core
    public let connection: CoreConnection
    public let api: CoreAPI
    private let directory: URL
    private let running: Task<Void, any Error>

    /// Starts a core; `maxMergeSize` raises the largest merge body it takes, when given.
    public static func start(maxMergeSize: Int? = nil) async throws -> BenchCore {
        let name = ProcessInfo.processInfo.processName
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        var settings = CoreSettings()
        settings.port = 0
        settings.databasePath = directory.appendingPathComponent("rota.db").path
        settings.schedules = [:]
        settings.tickInterval = .milliseconds(100)
        if let maxMergeSize { settings.maxMergeSize = maxMergeSize }
        let core = try await Core.open(settings: settings, logger: benchLogger("rota.core"))
        let running = Task { try await core.run() }
        let connection = CoreConnection(url: URL(string: "http://127.0.0.1:\(try await core.port())")!)
        return BenchCore(
            core: core, connection: connection, api: CoreAPI(connection: connection, timeout: .seconds(600)), directory: directory,
            running: running)
    }

    public func stop() async {
        await core.shutDown()
        _ = await running.result
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A logger that reports errors only, so that the figures stay readable.
public func benchLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .error
    return logger
}

/// The duration in seconds.
public func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The median of `values`.
public func median(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}
