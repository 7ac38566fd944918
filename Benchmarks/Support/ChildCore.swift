import Foundation
import Logging
import RotaCore
import RotaModel

/// A core in a process of its own, so that its CPU time and memory are measured alone: the
/// measuring executable itself started with `--serve-core DATABASE`, on a free port of 127.0.0.1,
/// with no schedules. It stops when told to, or when the measuring process goes away (its stdin
/// closes).
public final class ChildCore: @unchecked Sendable {
    /// The argument that makes the executable serve a core instead of measuring one.
    static let serveFlag = "--serve-core"

    public let process: Process
    public let port: Int
    private let stdin: Pipe
    private let folder: URL

    /// Serves a core, and never returns, when `arguments` (those of the command line after the
    /// executable) are `--serve-core DATABASE`, as `start` gives them; returns at once otherwise.
    /// A command that measures a `ChildCore` calls this first.
    public static func serveIfAsked(_ arguments: [String]) async throws {
        guard arguments.first == serveFlag, arguments.count == 2 else { return }
        try await serve(database: arguments[1])
    }

    /// Starts a core process on a fresh database in a temporary folder, with the `ROTA_*`
    /// settings of this process's environment and of `settings` (e.g. `ROTA_PSK`), and waits
    /// until it says its port.
    public static func start(settings: [String: String] = [:]) throws -> ChildCore {
        let name = ProcessInfo.processInfo.processName
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let executable = Bundle.main.executableURL else { throw BenchmarkFailure("cannot find this executable to start a core with") }
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
            guard !chunk.isEmpty else { throw BenchmarkFailure("the core process ended before it listened") }
            announced.append(chunk)
        }
        guard let line = String(data: announced, encoding: .utf8)?.split(separator: "\n").first, let port = Int(line) else {
            throw BenchmarkFailure("the core process said \"\(String(decoding: announced, as: UTF8.self))\" instead of its port")
        }
        return ChildCore(process: process, port: port, stdin: stdin, folder: folder)
    }

    private init(process: Process, port: Int, stdin: Pipe, folder: URL) {
        self.process = process
        self.port = port
        self.stdin = stdin
        self.folder = folder
    }

    /// The CPU time the core process has used so far (user and system), in seconds, from
    /// `/proc/PID/stat`; nil where it cannot be read.
    public var cpuSeconds: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return nil }
        // After the name come the state (field 3) and so on; utime and stime are fields 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The core process's memory now.
    public var memory: ProcessMemory { ProcessMemory.of("\(process.processIdentifier)") }

    /// Stops the core process and removes its database.
    public func stop() async {
        process.terminate()
        while process.isRunning { try? await Task.pause(for: .milliseconds(10)) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Serves a core on `database` in this process, with the `ROTA_*` settings of its environment
    /// but a free port and no schedules: prints its port on stdout, then serves until stdin closes.
    private static func serve(database: String) async throws -> Never {
        var settings = try CoreConfiguration.resolve(flags: [:], environment: ProcessInfo.processInfo.environment, file: nil)
        settings.port = 0
        settings.databasePath = database
        settings.schedules = [:]
        var logger = Logger(label: "\(ProcessInfo.processInfo.processName).core")
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
