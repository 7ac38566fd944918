import AsyncHTTPClient
import Foundation
import NIOCore
import RotaModel

/// One `rota core` process of the benchmark on a fixed port, leader or standby, with its log in a
/// file; killed with SIGKILL as a crash would, and started again on the same port.
final class FailoverCore: @unchecked Sendable {
    let port: Int
    private let process: Process

    /// Spawns `executable core` on `port` with `arguments`, its stderr into `log`.
    init(executable: URL, port: Int, arguments: [String], log: URL) throws {
        self.port = port
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = executable
        process.arguments = ["core", "--port", "\(port)", "--advertise-url", "http://127.0.0.1:\(port)"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The status of `GET /system/ready`, or nil while nothing answers.
    func readyStatus(http: HTTPClient) async -> Int? {
        var request = HTTPClientRequest(url: url + "/system/ready")
        request.method = .GET
        guard let response = try? await http.execute(request, timeout: .seconds(2)) else { return nil }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    /// Kills the process with SIGKILL (no shutdown, no last write) and waits until it is gone.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.pause(for: .milliseconds(2)) }
    }

    /// Stops the process gracefully with SIGTERM and waits for it.
    func terminate() async {
        process.terminate()
        while process.isRunning { try? await Task.pause(for: .milliseconds(2)) }
    }
}
