/// Why a collector could not collect or delete, in words for the run's log.
public enum CollectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Cleanup asked to delete a resource the collector does not know (any more).
    case unknownResource(collector: String, id: String)
    /// The collector never deletes resources.
    case deleteRefused(collector: String, reason: String)
    /// Something on this host that the collector reads could not be read.
    case unreadable(collector: String, what: String, reason: String)
    /// An `exec` program could not be started.
    case programNotStarted(collector: String, reason: String)
    /// An `exec` program ended with a non-zero exit code or was killed by a signal; carries the
    /// last line it wrote to standard error, if any.
    case programFailed(collector: String, command: String, status: ProgramStatus, lastErrorLine: String?)
    /// An `exec` program ran longer than its time limit and was stopped.
    case programTimedOut(collector: String, command: String, limit: Duration)
    /// A resource cannot be handed to an `exec` program, as its attributes are no valid JSON.
    case unencodable(collector: String, id: String, reason: String)
    /// An `exec` program printed a line that is not a resource.
    case badOutput(collector: String, line: Int, reason: String)
    /// An `exec` program printed a line longer than `limit` bytes, on standard error when
    /// `standardError` is set, and was stopped.
    case lineTooLong(collector: String, command: String, line: Int, limit: Int, standardError: Bool)

    public var description: String {
        switch self {
        case .unknownResource(let collector, let id):
            return "\(collector): no resource with id \"\(id)\""
        case .deleteRefused(_, let reason):
            return reason
        case .unreadable(let collector, let what, let reason):
            return "\(collector): cannot read \(what): \(reason)"
        case .programNotStarted(let collector, let reason):
            return "\(collector): cannot start the program: \(reason)"
        case .programFailed(let collector, let command, let status, let lastErrorLine):
            let tail = lastErrorLine.map { ": \($0)" } ?? " (nothing on standard error)"
            return "\(collector): `\(command)` \(status)\(tail)"
        case .programTimedOut(let collector, let command, let limit):
            let (seconds, attoseconds) = limit.components
            let text = attoseconds == 0 ? "\(seconds)" : "\(Double(seconds) + Double(attoseconds) / 1e18)"
            return "\(collector): `\(command)` did not finish within \(text) s and was stopped"
        case .unencodable(let collector, let id, let reason):
            return "\(collector): resource \"\(id)\" cannot be written as JSON: \(reason)"
        case .badOutput(let collector, let line, let reason):
            return "\(collector): output line \(line) is not a resource: \(reason)"
        case .lineTooLong(let collector, let command, let line, let limit, let standardError):
            let stream = standardError ? "standard error" : "standard output"
            return "\(collector): `\(command)` wrote line \(line) of its \(stream) longer than \(limit) bytes and was stopped"
        }
    }
}
