import Foundation
import RotaSpawn
import RotaModel

/// The `exec` collector: any program that prints resources as JSON lines on `collect` and deletes
/// one resource on `delete <id>`, so that collectors can be written in any language.
///
/// `program [arguments] collect` prints one resource a line (see `ExecResourceLine`); each line
/// it writes to standard error becomes an info of the run (blank ones are skipped); exit code 0
/// means success.
/// `program [arguments] delete <id>` gets the resource as one JSON line on standard input and
/// exits 0 once it is deleted; an id that begins with `-` is never handed to it. The protocol is described for program authors in
/// `docs/COLLECTORS.md`.
public struct ExecCollector: Collector {
    /// The time a `collect` may take when none is given.
    public static let defaultCollectTimeout: Duration = .seconds(600)
    /// The time a `delete` may take when none is given.
    public static let defaultDeleteTimeout: Duration = .seconds(60)

    /// `exec:` followed by the command line, e.g. `exec:/opt/collectors/vsphere.sh --site a`.
    public let name: String
    /// The path of the program.
    public let program: String
    /// Arguments given before `collect` or `delete <id>`.
    public let arguments: [String]
    /// How long `collect` may run before the program is stopped.
    public let collectTimeout: Duration
    /// How long `delete <id>` may run before the program is stopped.
    public let deleteTimeout: Duration
    private let clouds = CloudSet()

    public init(
        program: String, arguments: [String] = [], collectTimeout: Duration = defaultCollectTimeout,
        deleteTimeout: Duration = defaultDeleteTimeout
    ) {
        self.name = "exec:" + ([program] + arguments).joined(separator: " ")
        self.program = program
        self.arguments = arguments
        self.collectTimeout = collectTimeout
        self.deleteTimeout = deleteTimeout
    }

    public func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot] {
        let transcript = ExecTranscript()
        let name = name
        let outcome = try await run(
            ["collect"], input: nil, timeout: collectTimeout,
            outputLine: transcript.readOutput,
            errorLine: { line, _ in
                if transcript.readError(line) { feedback.info("\(name): \(line)") }
            })
        try check(outcome, command: "collect", timeout: collectTimeout, transcript: transcript)
        if let failure = transcript.failure {
            throw CollectorError.badOutput(collector: name, line: failure.line, reason: failure.reason)
        }
        let snapshots = transcript.snapshots
        clouds.replace(with: Set(snapshots.map(\.cloud)))
        for snapshot in snapshots {
            feedback.progress("collect", path: [name, snapshot.account], current: 1, total: 1)
        }
        return snapshots
    }

    /// Whether the resource's cloud is one the program reported in its last collect; before the
    /// first collect of this worker, nothing is.
    public func owns(_ resource: Resource) -> Bool {
        clouds.contains(resource.cloud)
    }

    /// Deletes through `program [arguments] delete <id>`. An id that begins with `-` is refused
    /// without running the program, which could read it as an option of its own (`--rf`).
    public func delete(_ resource: Resource) async throws {
        guard !resource.id.hasPrefix("-") else {
            throw CollectorError.deleteRefused(
                collector: name,
                reason: "\(name): resource id \"\(resource.id)\" begins with \"-\"; it is not handed to the program, which could read it as an option")
        }
        let input: Data
        do {
            input = try ExecResourceLine.encode(resource) + Data("\n".utf8)
        } catch {
            throw CollectorError.unencodable(collector: name, id: resource.id, reason: "\(error)")
        }
        let transcript = ExecTranscript()
        let outcome = try await run(
            ["delete", resource.id], input: input, timeout: deleteTimeout,
            outputLine: { _, _ in },
            errorLine: { line, _ in _ = transcript.readError(line) })
        try check(outcome, command: "delete \(resource.id)", timeout: deleteTimeout, transcript: transcript)
    }

    private func run(
        _ command: [String], input: Data?, timeout: Duration, outputLine: @escaping @Sendable (String, Int) -> Void,
        errorLine: @escaping @Sendable (String, Int) -> Void
    ) async throws -> ProgramRunner.Outcome {
        let runner = ProgramRunner(executable: program, arguments: arguments + command, input: input, timeout: timeout)
        do {
            return try await runner.run(outputLine: outputLine, errorLine: errorLine)
        } catch {
            throw CollectorError.programNotStarted(collector: name, reason: "\(program): \(Self.reason(error))")
        }
    }

    /// The operating system's words for why a program did not start, e.g. "Permission denied".
    private static func reason(_ error: any Error) -> String {
        (error as? SpawnFailure)?.reason ?? error.localizedDescription
    }

    private func check(
        _ outcome: ProgramRunner.Outcome, command: String, timeout: Duration, transcript: ExecTranscript
    ) throws {
        switch outcome {
        case .finished(let status) where status.succeeded:
            return
        case .finished(let status):
            throw CollectorError.programFailed(
                collector: name, command: command, status: status, lastErrorLine: transcript.lastErrorLine)
        case .timedOut:
            throw CollectorError.programTimedOut(collector: name, command: command, limit: timeout)
        case .lineTooLong(let error, let standardError):
            throw CollectorError.lineTooLong(
                collector: name, command: command, line: error.line, limit: error.limit, standardError: standardError)
        case .cancelled:
            throw CancellationError()
        }
    }
}
