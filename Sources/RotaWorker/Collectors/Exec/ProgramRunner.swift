import Foundation
import RotaSpawn

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
        let output = Pipe()
        let errors = Pipe()
        let inputFile = try inputHandle()
        let completion = ProgramCompletion(events: 3)
        let program: SpawnedProcess
        do {
            program = try SpawnedProcess(
                executable, arguments: arguments, input: inputFile.map { .descriptor($0.fileDescriptor) } ?? .null,
                output: .descriptor(output.fileHandleForWriting.fileDescriptor), error: .descriptor(errors.fileHandleForWriting.fileDescriptor),
                ownGroup: true, onExit: completion.eventHappened)
        } catch {
            try? inputFile?.close()
            throw error
        }
        try? inputFile?.close()
        try? output.fileHandleForWriting.close()
        try? errors.fileHandleForWriting.close()
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
            switch program.ending {
            case .exited(let code)?: return .finished(.exited(code: code))
            case .killed(let signal)?: return .finished(.killed(signal: signal))
            case nil: return .finished(.killed(signal: SIGKILL))
            }
        case .timedOut:
            stop(program)
            return .timedOut
        case .cancelled:
            stop(program)
            return .cancelled
        }
    }

    /// Standard input: the input bytes from an unlinked temporary file, so that a program that
    /// does not read them neither blocks nor breaks the pipe; or nil for none.
    private func inputHandle() throws -> FileHandle? {
        guard let input else { return nil }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rota-exec-\(UUID().uuidString)")
        try input.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try FileHandle(forReadingFrom: url)
    }

    /// Sends SIGTERM to the program's process group (the program is started in a group of its
    /// own), then SIGKILL after the grace period if the program still runs.
    private func stop(_ program: SpawnedProcess) {
        program.signal(SIGTERM)
        let grace = killGrace
        Task {
            try await Task.sleep(for: grace)
            program.signal(SIGKILL)
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
