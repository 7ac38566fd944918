import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shell command run by `/bin/sh -c` in a process group of its own, its output (stdout and
/// stderr together) collected in a temporary file. When it outlives its timeout, or the task
/// running it is cancelled (its run was stopped, or the core stops), the whole group is
/// stopped: the shell and everything it started, background jobs included. SIGTERM is sent the
/// moment the task is cancelled, so that it reaches the group even when the core exits next. What a command that exits by itself leaves
/// running in the background is not stopped.
enum ShellCommand {
    /// The longest output kept: its end, where the result usually is.
    static let outputLimit = 16 << 10

    struct Outcome {
        /// The exit code, or 128 plus the signal that ended the shell.
        var status: Int32
        var output: String
        var timedOut: Bool
        /// Whether the task running the command was cancelled, and the command stopped for it.
        var cancelled: Bool
    }

    /// Runs `command`; the group gets SIGTERM when `timeout` passes or the task is cancelled, and
    /// whatever still runs `killGrace` later gets SIGKILL.
    static func run(_ command: String, timeout: TimeInterval, killGrace: Duration = .seconds(2)) async throws -> Outcome {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rota-shell-\(UUID().uuidString).log").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw OperationError("the output file \(path) could not be created: \(String(cString: strerror(errno)))")
        }
        defer { unlink(path) }
        let group: ProcessGroup
        do {
            defer { close(descriptor) }
            group = try ProcessGroup.spawn("/bin/sh", arguments: ["-c", command], output: descriptor)
        }
        var ending = await withTaskCancellationHandler {
            await group.waitForExit(timeout: .milliseconds(Int64(max(0, timeout) * 1000)))
        } onCancel: {
            group.signal(SIGTERM)
        }
        // The shell may exit of the SIGTERM of the cancellation before the wait sees the
        // cancellation: what it started is stopped all the same.
        if ending == .exited, Task.isCancelled { ending = .cancelled }
        let status: Int32
        switch ending {
        case .exited: status = await group.reap()
        case .timedOut, .cancelled: status = await group.stop(grace: killGrace)
        }
        return Outcome(status: status, output: tail(of: path), timedOut: ending == .timedOut, cancelled: ending == .cancelled)
    }

    /// The last `outputLimit` bytes of the file, as text without surrounding white space; only
    /// they are read, however much the command wrote.
    private static func tail(of path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(outputLimit) ? size - UInt64(outputLimit) : 0)
        let data = (try? handle.read(upToCount: outputLimit)) ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
