import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one program to its end within a time limit, handing each line it prints to a handler as
/// the line comes.
///
/// Standard output and standard error are read at the same time on threads of their own, so a
/// program that writes much to both never blocks on a full pipe. Standard input is the given
/// bytes, or empty. A program that runs out of time, or whose waiting task is cancelled, is
/// sent SIGTERM with its whole process group (the shell and whatever it started), and SIGKILL
/// after `killGrace` if it is still running.
struct ProgramRunner: Sendable {
    /// How a run ended.
    enum Outcome: Sendable, Hashable {
        case finished(ProgramStatus)
        case timedOut
        case cancelled
    }

    var executable: String
    var arguments: [String]
    var input: Data?
    var timeout: Duration
    var killGrace: Duration = .seconds(2)

    /// Runs the program; throws only when it cannot be started.
    func run(
        outputLine: @escaping @Sendable (String) -> Void, errorLine: @escaping @Sendable (String) -> Void
    ) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = try inputHandle()
        let completion = ProgramCompletion(events: 3)
        process.terminationHandler = { _ in completion.eventHappened() }
        try await Self.launch(process)
        Self.readLines(from: output.fileHandleForReading, to: outputLine, completion: completion)
        Self.readLines(from: errors.fileHandleForReading, to: errorLine, completion: completion)

        let timer = Task {
            try await Task.sleep(for: timeout)
            completion.end(.timedOut)
        }
        let ending = await withTaskCancellationHandler {
            await completion.wait()
        } onCancel: {
            completion.end(.cancelled)
        }
        timer.cancel()

        switch ending {
        case .finished:
            let status = process.terminationStatus
            return .finished(process.terminationReason == .exit ? .exited(code: status) : .killed(signal: status))
        case .timedOut:
            stop(process)
            return .timedOut
        case .cancelled:
            stop(process)
            return .cancelled
        }
    }

    /// Standard input: the input bytes from an unlinked temporary file, so that a program that
    /// does not read them neither blocks nor breaks the pipe; or nothing.
    private func inputHandle() throws -> FileHandle {
        guard let input else { return FileHandle.nullDevice }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rota-exec-\(UUID().uuidString)")
        try input.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try FileHandle(forReadingFrom: url)
    }

    /// Starts the program from a thread of its own that blocks no signal. A program inherits the
    /// signal mask of the thread that starts it, and the threads of Swift's concurrency pool block
    /// SIGTERM, SIGINT and others: started from one, a shell script could not pass SIGTERM on to
    /// the programs it runs.
    private static func launch(_ process: Process) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                do {
                    try process.run()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Sends SIGTERM to the program's process group (Foundation on Linux starts every program in
    /// a group of its own), then SIGKILL after the grace period if the program still runs.
    private func stop(_ process: Process) {
        let group = -process.processIdentifier
        kill(group, SIGTERM)
        let grace = killGrace
        Task {
            try await Task.sleep(for: grace)
            if process.isRunning { kill(group, SIGKILL) }
        }
    }

    private static func readLines(
        from handle: FileHandle, to handler: @escaping @Sendable (String) -> Void, completion: ProgramCompletion
    ) {
        Thread.detachNewThread {
            var splitter = LineSplitter()
            let deliver: (String) -> Void = { line in
                if completion.isOpen { handler(line) }
            }
            while let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty {
                splitter.append(chunk, line: deliver)
            }
            splitter.finish(line: deliver)
            try? handle.close()
            completion.eventHappened()
        }
    }
}
