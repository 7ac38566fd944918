import Foundation
import RotaModel
import RotaSpawn
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started as the leader of a process group of its own, so that it and everything it
/// starts (a shell's pipelines and background jobs) are stopped together.
///
/// The program is started by `Spawn` in a new group, standard input from `/dev/null`, standard
/// output and error to one descriptor, and none of the core's other descriptors. Its exit is noticed on a thread of its
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

    /// Starts `executable` with `arguments` in a group of its own, writing standard output and
    /// error to `output`.
    static func spawn(_ executable: String, arguments: [String], output: Int32) throws -> ProcessGroup {
        let pid: pid_t
        do {
            pid = try Spawn.start(executable, arguments: arguments, output: .descriptor(output), error: .descriptor(output), ownGroup: true)
        } catch {
            throw OperationError(error.description)
        }
        let group = ProcessGroup(id: pid)
        group.watchExit()
        return group
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
                    try await Task.pause(for: timeout)
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
            return Spawn.shellStatus(status)
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
                try? await Task.pause(for: .milliseconds(50))
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
            return Spawn.shellStatus(status)
        }
    }
}
