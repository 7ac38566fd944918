/// Where a collector reports, while it works, how far it has come and what went wrong.
///
/// The worker turns these calls into `action_progress` and `action_info` messages of the step
/// it is performing, so they must be cheap and must not block.
public protocol CollectorFeedback: Sendable {
    /// Progress of one part of the work, e.g. `("collect", ["example", "prod"], 2, 3)`: two of the
    /// three regions of account `prod` of collector `example` are read.
    func progress(_ name: String, path: [String], current: Int, total: Int)
    /// A note for the run's log.
    func info(_ message: String)
    /// Something that went wrong without stopping the work.
    func error(_ message: String)
}
