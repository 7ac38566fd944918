import RotaClient

/// The `CollectorFeedback` of one action: what collectors (and the worker) report while they
/// work goes, in the order it was reported, to the run's log and progress through the action's
/// context. Reporting never waits; `finish()` waits until everything reported has been sent.
final class ActionFeedback: CollectorFeedback {
    /// One report, as it waits to be sent.
    private enum Report: Sendable {
        case progress(name: String, path: [String], current: Int, total: Int)
        case info(String)
        case error(String)
    }

    private let reports: AsyncStream<Report>.Continuation
    private let sender: Task<Void, Never>

    init(_ context: ActionContext) {
        let (stream, continuation) = AsyncStream<Report>.makeStream()
        reports = continuation
        sender = Task {
            for await report in stream {
                switch report {
                case .progress(let name, let path, let current, let total):
                    await context.progress(name, current: Double(current), total: Double(total), path: path)
                case .info(let message):
                    await context.info(message)
                case .error(let message):
                    await context.error(message)
                }
            }
        }
    }

    func progress(_ name: String, path: [String], current: Int, total: Int) {
        reports.yield(.progress(name: name, path: path, current: current, total: total))
    }

    func info(_ message: String) {
        reports.yield(.info(message))
    }

    func error(_ message: String) {
        reports.yield(.error(message))
    }

    /// Runs `body` with the feedback of the action of `context`, and returns once `body` has
    /// and everything it reported has been sent.
    static func reporting<Result: Sendable>(
        to context: ActionContext, _ body: (ActionFeedback) async throws -> Result
    ) async throws -> Result {
        let feedback = ActionFeedback(context)
        do {
            let result = try await body(feedback)
            await feedback.finish()
            return result
        } catch {
            await feedback.finish()
            throw error
        }
    }

    /// Waits until every report has been sent; later reports are dropped.
    func finish() async {
        reports.finish()
        await sender.value
    }
}
