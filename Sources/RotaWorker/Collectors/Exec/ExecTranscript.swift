import Synchronization

/// What an `exec` program printed, as the threads that read its output hand it over: its
/// standard output read as resources, and the last line of its standard error that is not blank.
final class ExecTranscript: Sendable {
    private struct State {
        var output = ExecOutput()
        var lastErrorLine: String?
    }

    private let state = Mutex(State())

    init() {}

    /// Reads line `number` of standard output.
    func readOutput(_ line: String, number: Int) {
        state.withLock { $0.output.read(line, number: number) }
    }

    /// Remembers a line of standard error; false, and nothing remembered, when it is blank.
    func readError(_ line: String) -> Bool {
        guard line.contains(where: { !$0.isWhitespace }) else { return false }
        state.withLock { $0.lastErrorLine = line }
        return true
    }

    /// The last line of standard error that is not blank, if any.
    var lastErrorLine: String? {
        state.withLock { $0.lastErrorLine }
    }

    /// The first line of standard output that is not a resource, with its number and the reason.
    var failure: (line: Int, reason: String)? {
        state.withLock { $0.output.failure }
    }

    /// The resources read, one snapshot per (cloud, account).
    var snapshots: [ResourceSnapshot] {
        state.withLock { $0.output.snapshots }
    }
}
