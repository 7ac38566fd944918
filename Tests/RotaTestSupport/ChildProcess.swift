import Foundation
import RotaSpawn
import Synchronization

/// A program a test starts and watches: started with `Spawn` (never Foundation's `Process`,
/// whose start now and then crashes a process with as many open sockets as a test run has),
/// waited for on a thread of its own.
public final class ChildProcess: Sendable {
    /// Its process id.
    public let processIdentifier: pid_t
    /// The status of `waitpid` once it has ended.
    private let ended = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; its standard output and error go to the files or
    /// descriptors given (`/dev/null` by default), its standard input is `/dev/null`.
    public init(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        output: FileHandle? = nil, error: FileHandle? = nil
    ) throws {
        processIdentifier = try Spawn.start(
            executable.path, arguments: arguments, environment: environment, directory: directory?.path,
            output: output.map { .descriptor($0.fileDescriptor) } ?? .null, error: error.map { .descriptor($0.fileDescriptor) } ?? .null)
        let id = processIdentifier
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(id, &status, 0) == -1, errno == EINTR {}
            ended.withLock { $0 = status }
        }
    }

    /// Whether it still runs.
    public var isRunning: Bool { ended.withLock { $0 == nil } }

    /// How it ended, as a shell says it (the exit code, or 128 plus a signal); nil while it runs.
    public var terminationStatus: Int32? { ended.withLock { $0.map(Spawn.shellStatus) } }

    /// Sends `signal` while it runs.
    public func signal(_ signal: Int32) {
        ended.withLock { status in
            if status == nil { kill(processIdentifier, signal) }
        }
    }

    /// Asks it to stop (SIGTERM).
    public func terminate() {
        signal(SIGTERM)
    }

    /// Waits until it has ended and returns how, as `terminationStatus` does.
    @discardableResult
    public func waitUntilExit() async -> Int32 {
        while true {
            if let status = terminationStatus { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
