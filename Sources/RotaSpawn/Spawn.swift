import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts programs with `posix_spawn`, for Rota's commands, collectors and tests alike.
///
/// Foundation's `Process.run()` on Linux reads `/proc/self/fd` in a way that now and then reads
/// past a buffer and crashes the calling process, the more often the more files and sockets the
/// process has open; a core or a worker has many. This starts the program directly instead:
/// with no signal blocked and every signal at its default disposition (the threads of Swift's
/// concurrency pool block some, and servers ignore SIGPIPE), standard streams from the given
/// descriptors, and none of the caller's other descriptors where the C library can close them.
public enum Spawn {
    /// Where a standard stream of the program comes from or goes to.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A descriptor of the caller, duplicated into the program.
        case descriptor(Int32)
    }

    /// Starts `executable` (a path) with `arguments` (without the program's name), in a process
    /// group of its own when `ownGroup`, with `environment` (the caller's when nil), in
    /// `directory` (the caller's when nil); returns its process id. Throws `SpawnFailure` when it
    /// cannot be started.
    public static func start(
        _ executable: String, arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        input: Stream = .null, output: Stream = .null, error: Stream = .null, ownGroup: Bool = false
    ) throws(SpawnFailure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target) in [(input, Int32(0)), (output, 1), (error, 2)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
        }
        closeOtherDescriptors(&actions)
        if let directory { try changeDirectory(&actions, to: directory, for: executable) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownGroup { flags |= POSIX_SPAWN_SETPGROUP }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)

        let cArguments = ([executable] + arguments).map { strdup($0) }
        defer { cArguments.forEach { free($0) } }
        var argv = cArguments + [nil]
        let cEnvironment = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } }
        defer { cEnvironment?.forEach { free($0) } }
        var envp = cEnvironment.map { $0 + [nil] }
        var pid: pid_t = 0
        let result: Int32
        if envp != nil {
            result = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp!)
        } else {
            result = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        }
        guard result == 0 else { throw SpawnFailure(executable: executable, reason: String(cString: strerror(result))) }
        return pid
    }

    /// The status of `waitpid` as a shell reports it: the exit code, or 128 plus the signal
    /// that ended the program.
    public static func shellStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Adds the change of the working directory to `directory`, which glibc 2.29 and later offer.
    private static func changeDirectory(
        _ actions: inout posix_spawn_file_actions_t, to directory: String, for executable: String
    ) throws(SpawnFailure) {
        typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            throw SpawnFailure(executable: executable, reason: "this C library cannot start a program in another directory")
        }
        _ = directory.withCString { unsafeBitCast(symbol, to: ChangeDirectory.self)(&actions, $0) }
    }

    /// Adds the closing of every descriptor above standard error, where the C library offers it
    /// (glibc 2.34 and later), so that a program inherits none of the caller's files and sockets.
    private static func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
}

/// A program that could not be started, and why.
public struct SpawnFailure: Error, Sendable, CustomStringConvertible {
    public let executable: String
    /// The system's words, e.g. "No such file or directory".
    public let reason: String

    public var description: String { "\(executable) could not be started: \(reason)" }
}
