import Foundation
import RotaModel
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started by `Spawn` and waited for on a thread of its own, so that its end is known
/// without blocking a task. Once it has ended, no signal is sent to it any more: its id may then
/// belong to another process.
public final class SpawnedProcess: Sendable {
    /// How a program ended.
    public enum Ending: Sendable, Hashable {
        case exited(code: Int32)
        case killed(signal: Int32)

        /// As a shell says it: the exit code, or 128 plus the signal.
        public var shellStatus: Int32 {
            switch self {
            case .exited(let code): code
            case .killed(let signal): 128 + signal
            }
        }
    }

    /// Its process id (and its group's, when it was started in a group of its own).
    public let id: pid_t
    private let ownGroup: Bool
    private let ended = Mutex<Ending?>(nil)

    /// Starts `executable` as `Spawn.start` does; `onExit` is called once it has ended.
    public init(
        _ executable: String, arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        input: Spawn.Stream = .null, output: Spawn.Stream = .null, error: Spawn.Stream = .null, ownGroup: Bool = false,
        onExit: (@Sendable () -> Void)? = nil
    ) throws(SpawnFailure) {
        id = try Spawn.start(
            executable, arguments: arguments, environment: environment, directory: directory, input: input, output: output, error: error,
            ownGroup: ownGroup)
        self.ownGroup = ownGroup
        let id = id
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(id, &status, 0) == -1, errno == EINTR {}
            let signal = status & 0x7f
            ended.withLock { $0 = signal == 0 ? .exited(code: (status >> 8) & 0xff) : .killed(signal: signal) }
            onExit?()
        }
    }

    /// How it ended; nil while it runs.
    public var ending: Ending? { ended.withLock { $0 } }

    /// Whether it still runs.
    public var isRunning: Bool { ending == nil }

    /// Sends `signal` while it runs: to its whole group when it was started in one of its own.
    public func signal(_ signal: Int32) {
        ended.withLock { ending in
            if ending == nil { kill(ownGroup ? -id : id, signal) }
        }
    }

    /// Waits until it has ended, looking every 10 ms, and says how; nil when the waiting task is
    /// cancelled first (the program runs on).
    @discardableResult
    public func waitUntilExit() async -> Ending? {
        while !Task.isCancelled {
            if let ending { return ending }
            try? await Task.pause(for: .milliseconds(10))
        }
        return ending
    }
}
