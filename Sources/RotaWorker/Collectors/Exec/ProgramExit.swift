import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The end of a program started in a process group of its own: waited for on a thread of its
/// own, after which no signal is sent to the group any more (its id may then belong to another).
final class ProgramExit: Sendable {
    /// The program's process id, which is its group's id too.
    let id: pid_t
    private let ended = Mutex<ProgramStatus?>(nil)

    init(id: pid_t) {
        self.id = id
    }

    /// How the program ended; nil while it runs.
    var status: ProgramStatus? { ended.withLock { $0 } }

    /// Waits for the program's end on a thread of its own, then calls `done`.
    func wait(then done: @escaping @Sendable () -> Void) {
        let id = id
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(id, &status, 0) == -1, errno == EINTR {}
            let signal = status & 0x7f
            let ending: ProgramStatus = signal == 0 ? .exited(code: (status >> 8) & 0xff) : .killed(signal: signal)
            ended.withLock { $0 = ending }
            done()
        }
    }

    /// Sends `signal` to every process of the program's group while the program runs.
    func signalGroup(_ signal: Int32) {
        ended.withLock { ending in
            if ending == nil { kill(-id, signal) }
        }
    }
}
