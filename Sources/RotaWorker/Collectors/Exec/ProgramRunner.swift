import Foundation
import RotaModel
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
/// program that writes much to both never blocks on a full pipe. Each line is handed over with
/// its number; blank lines are counted but not handed over. Standard input is the given bytes,
/// or empty. A program that runs out of time, prints a line longer than `maximumLineLength`, or
/// whose waiting task is cancelled, is sent SIGTERM with its whole process group (the shell and
/// whatever it started), and SIGKILL after `killGrace` if it is still running.
struct ProgramRunner: Sendable {
    /// How a run ended.
    enum Outcome: Sendable, Hashable {
        case finished(ProgramStatus)
        case timedOut
        case cancelled
        /// It printed a line longer than the limit, on standard error when `standardError` is set.
        case lineTooLong(LineSplitter.LineTooLong, standardError: Bool)
    }

    var executable: String
    var arguments: [String]
    var input: Data?
    var timeout: Duration
    var killGrace: Duration = .seconds(2)
    /// The longest line read from either stream, in bytes.
    var maximumLineLength = LineSplitter().maximumLineLength

    /// Runs the program; throws only when it cannot be started.
    func run(
        outputLine: @escaping @Sendable (_ line: String, _ number: Int) -> Void,
        errorLine: @escaping @Sendable (_ line: String, _ number: Int) -> Void
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
        readLines(from: output.fileHandleForReading, to: outputLine, isStandardError: false, completion: completion)
        readLines(from: errors.fileHandleForReading, to: errorLine, isStandardError: true, completion: completion)

        let timer = Task {
            try await Task.pause(for: timeout)
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
        case .lineTooLong(let error, let standardError):
            stop(program)
            return .lineTooLong(error, standardError: standardError)
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
            try await Task.pause(for: grace)
            program.signal(SIGKILL)
        }
    }

    /// Reads `handle` to its end on a thread of its own and hands each line to `handler`; a line
    /// longer than the limit ends the run.
    private func readLines(
        from handle: FileHandle, to handler: @escaping @Sendable (String, Int) -> Void, isStandardError: Bool,
        completion: ProgramCompletion
    ) {
        let maximumLineLength = maximumLineLength
        Thread.detachNewThread {
            var splitter = LineSplitter(maximumLineLength: maximumLineLength)
            let deliver = { (line: UnsafeBufferPointer<UInt8>, number: Int) in
                if completion.isOpen { handler(String(decoding: line, as: UTF8.self), number) }
            }
            do {
                while let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty {
                    try chunk.withUnsafeBytes { try splitter.split($0.assumingMemoryBound(to: UInt8.self), deliver) }
                }
                try splitter.finish(deliver)
            } catch let error as LineSplitter.LineTooLong {
                completion.end(.lineTooLong(error, standardError: isStandardError))
            } catch {
                preconditionFailure("a line splitter whose handler cannot fail fails only on a long line: \(error)")
            }
            try? handle.close()
            completion.eventHappened()
        }
    }
}
