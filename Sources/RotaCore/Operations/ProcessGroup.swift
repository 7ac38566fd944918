import Foundation
import RotaModel
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started as the leader of a process group of its own, so that it and everything it
/// starts (a shell's pipelines and background jobs) are stopped together.
///
/// The program is started with `posix_spawn`: in a new group, with no signal blocked and every
/// signal at its default disposition (the threads of Swift's concurrency pool block some, and the
/// core ignores SIGPIPE), standard input from `/dev/null`, standard output and error to one
/// descriptor, and none of the core's other descriptors. Its exit is noticed on a thread of its
/// own that never reaps it, so that the group's id cannot be taken by another process until the
/// group has been stopped.
final class ProcessGroup: Sendable {
    /// How a wait for the leader ended.
    enum Ending: Sendable, Hashable {
        case exited
        case timedOut
        case cancelled
    }

    /// The leader's process id, which is the group's id too.
    let id: pid_t
    private let exit = Announcement<Void>()
    /// Whether the leader has been reaped: from then on its id may belong to another group, and
    /// no signal is sent to it any more.
    private let reaped = Mutex(false)

    private init(id: pid_t) {
        self.id = id
    }

    /// Starts `executable` with `arguments` (the first being its name) in a group of its own,
    /// writing standard output and error to `output`.
    static func spawn(_ executable: String, arguments: [String], output: Int32) throws -> ProcessGroup {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        closeOtherDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)

        let cArguments = arguments.map { strdup($0) }
        defer { cArguments.forEach { free($0) } }
        var argv = cArguments + [nil]
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        guard result == 0 else {
            throw OperationError("\(executable) could not be started: \(String(cString: strerror(result)))")
        }
        let group = ProcessGroup(id: pid)
        group.watchExit()
        return group
    }

    /// Adds the closing of every descriptor above standard error, where the C library offers it
    /// (glibc 2.34 and later), so that a command inherits none of the core's files and sockets.
    private static func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    /// Announces the leader's exit, from a thread that waits for it without reaping it.
    private func watchExit() {
        let id = id
        let exit = exit
        Thread.detachNewThread {
            var info = siginfo_t()
            while waitid(P_PID, id_t(id), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            exit.announce(())
        }
    }

    /// Waits until the leader exits, `timeout` passes or the waiting task is cancelled.
    func waitForExit(timeout: Duration) async -> Ending {
        await withTaskGroup(of: Ending.self) { group in
            group.addTask { [exit] in
                do {
                    try await exit.value()
                    return .exited
                } catch {
                    return .cancelled
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            return first
        }
    }

    /// Reaps the leader once it has exited and returns its status as a shell reports it: the
    /// exit code, or 128 plus the signal that killed it.
    func reap() async -> Int32 {
        _ = try? await exit.value()
        return reaped.withLock { reaped in
            var status: Int32 = 0
            while waitpid(id, &status, 0) == -1, errno == EINTR {}
            reaped = true
            return Self.shellStatus(status)
        }
    }

    /// Sends `signal` to every process of the group, unless the leader has been reaped.
    func signal(_ signal: Int32) {
        reaped.withLock { reaped in
            if !reaped { kill(-id, signal) }
        }
    }

    /// Stops the whole group: SIGTERM to every process in it, SIGKILL to those still running
    /// after `grace`. Returns the leader's status once it is reaped. Runs to its end even when
    /// the calling task is cancelled.
    func stop(grace: Duration) async -> Int32 {
        await Task.detached { [self] in
            signal(SIGTERM)
            let deadline = ContinuousClock.now + grace
            var status: Int32?
            while ContinuousClock.now < deadline {
                if status == nil { status = reapIfExited() }
                if status != nil, kill(-id, 0) == -1, errno == ESRCH { return status ?? 0 }
                try? await Task.sleep(for: .milliseconds(50))
            }
            kill(-id, SIGKILL)
            if let status { return status }
            return await reap()
        }.value
    }

    /// The leader's status when it has exited, reaping it; nil while it runs.
    private func reapIfExited() -> Int32? {
        reaped.withLock { reaped in
            var status: Int32 = 0
            guard waitpid(id, &status, WNOHANG) == id else { return nil }
            reaped = true
            return Self.shellStatus(status)
        }
    }

    /// A status of `waitpid` as a shell reports it.
    private static func shellStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
