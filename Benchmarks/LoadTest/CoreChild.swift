import Foundation
import Logging
import RotaCore

/// A core in a process of its own, so that its memory is measured alone: this same executable
/// started with `--serve-core DATABASE`, on a free port, with no schedules. It stops when told
/// to, or when the measuring process goes away (its stdin closes).
final class CoreChild: @unchecked Sendable {
    /// The argument that makes this executable serve a core instead of measuring one.
    static let serveFlag = "--serve-core"

    let process: Process
    let port: Int
    private let stdin: Pipe
    private let folder: URL

    /// Starts a core process on a fresh database, with the `ROTA_*` settings of this process's
    /// environment and of `settings` (e.g. `ROTA_MAX_CONNECTIONS`), and waits until it says its port.
    static func start(settings: [String: String] = [:]) throws -> CoreChild {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-load-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let executable = Bundle.main.executableURL else { throw LoadTestFailure("cannot find this executable to start a core with") }
        let process = Process()
        process.executableURL = executable
        process.arguments = [serveFlag, folder.appendingPathComponent("rota.db").path]
        process.environment = ProcessInfo.processInfo.environment.merging(settings) { _, given in given }
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        var announced = Data()
        while !announced.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw LoadTestFailure("the core process ended before it listened") }
            announced.append(chunk)
        }
        guard let line = String(data: announced, encoding: .utf8)?.split(separator: "\n").first, let port = Int(line) else {
            throw LoadTestFailure("the core process said \"\(String(decoding: announced, as: UTF8.self))\" instead of its port")
        }
        return CoreChild(process: process, port: port, stdin: stdin, folder: folder)
    }

    private init(process: Process, port: Int, stdin: Pipe, folder: URL) {
        self.process = process
        self.port = port
        self.stdin = stdin
        self.folder = folder
    }

    /// The core process's memory now.
    var memory: ProcessMemory { ProcessMemory.of("\(process.processIdentifier)") }

    /// Stops the core process and removes its database.
    func stop() async {
        process.terminate()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Serves a core on `database` in this process, with the `ROTA_*` settings of its environment
    /// but a free port and no schedules: prints its port on stdout, then serves until stdin closes.
    static func serve(database: String) async throws -> Never {
        var settings = try CoreConfiguration.resolve(flags: [:], environment: ProcessInfo.processInfo.environment, file: nil)
        settings.port = 0
        settings.databasePath = database
        settings.schedules = [:]
        var logger = Logger(label: "rota.load-test.core")
        logger.logLevel = .error
        let core = try await Core.open(settings: settings, logger: logger)
        let serving = Task { try await core.run() }
        FileHandle.standardOutput.write(Data("\(try await core.port())\n".utf8))
        Thread.detachNewThread {
            while !FileHandle.standardInput.availableData.isEmpty {}
            exit(0)
        }
        _ = await serving.result
        exit(0)
    }
}

/// Why the load test could not go on.
struct LoadTestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
