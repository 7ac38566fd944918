import Foundation

/// A shell command run by `/bin/sh -c`, its output (stdout and stderr together) collected in a
/// temporary file, stopped when it outlives its timeout. Waiting never blocks a thread.
enum ShellCommand {
    /// The longest output kept: its end, where the result usually is.
    static let outputLimit = 16 << 10

    struct Outcome {
        var status: Int32
        var output: String
        var timedOut: Bool
    }

    static func run(_ command: String, timeout: TimeInterval) async throws -> Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rota-shell-\(UUID().uuidString).log")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try FileHandle(forWritingTo: file)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let timedOut = TimeoutFlag()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                guard process.isRunning else { return }
                timedOut.set()
                process.terminate()
                DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                }
            }
        }
        let data = (try? Data(contentsOf: file)) ?? Data()
        let text = String(decoding: data.suffix(outputLimit), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Outcome(status: status, output: text, timedOut: timedOut.isSet)
    }

    /// Set once, read later, from any thread.
    final class TimeoutFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false

        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
