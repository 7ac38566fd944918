import Foundation
import RotaCore
import RotaEngine
import RotaModel

/// Short descriptions of inputs, messages and actions for a scenario's trace.
enum TraceText {
    /// A task id cut to its first eight characters.
    static func id(_ id: String) -> String {
        String(id.prefix(8))
    }

    static func message(_ message: Message) -> String {
        switch message {
        case .event(let event): return "event \(event.messageType)" + (event.id.map { " #\(id($0))" } ?? "")
        case .action(let action): return "action \(reference(action))"
        case .actionAbort(let action): return "abort \(reference(action))"
        case .actionDone(let action): return "done \(reference(action))"
        case .actionError(let action, _): return "error \(reference(action))"
        case .actionInfo(let action, _, _): return "info \(reference(action))"
        case .actionProgress(let action, _, _): return "progress \(reference(action))"
        }
    }

    static func reference(_ action: ActionMessage) -> String {
        "\(action.messageType) \(id(action.task))/\(action.step)" + (action.subscriberId.map { " by \($0)" } ?? "")
    }

    static func input(_ input: CoreInput) -> String {
        switch input {
        case .restore(let restore):
            return "restore running=\(restore.running.map { id($0.id) }) queued=\(restore.queued.map { id($0.taskId) }) "
                + "unpublished=\(restore.unpublished.count) fires=\(restore.lastFires.keys.sorted())"
        case .define(let workflow, let version): return "define v\(version) \(ScenarioDriver.describe(workflow))"
        case .remove(let workflow): return "remove \(workflow)"
        case .message(let message, let origin): return "message \(self.message(message)) from \(self.origin(origin))"
        case .tick: return "tick"
        case .subscribersChanged(let directory, let removed):
            return "subscribers \(directory.subscribers.keys.sorted()) removed=\(removed.map(\.subscriber))"
        case .start(let workflow, let reason, let cascade, let input):
            return "start \(workflow) (\(reason)) cascade=\(cascade.map { "\($0)" } ?? "-")\(input.isEmpty ? "" : " input=\(JSONValue.object(input).jsonText)")"
        case .stop(let task, _): return "stop \(id(task))"
        case .note(_, let task): return "note \(id(task))"
        case .commandFinished(let task, let number, let step, let result):
            return "command #\(number) of \(id(task))/\(step) \(result == .success(output: "") ? "succeeded" : "failed")"
        case .stored(let batch): return "stored #\(batch)"
        case .storeFailed(let batch): return "store failed #\(batch)"
        case .finish: return "finish"
        }
    }

    static func origin(_ origin: MessageOrigin) -> String {
        switch origin {
        case .actor(let subscriber): return subscriber
        case .client: return "client"
        case .run(let origin): return "run \(origin.task.map(id) ?? "core")"
        case .announcement: return "announcement"
        }
    }

    static func reply(_ reply: CoreReply) -> String? {
        switch reply {
        case .none: return nil
        case .start(.success(.started(let task))): return "started \(id(task))"
        case .start(.success(.queued(let task))): return "queued \(id(task))"
        case .start(.success(.skipped)): return "skipped"
        case .start(.failure(let problem)): return "refused: \(problem)"
        case .stop(let found): return found ? "stopping" : "no such run"
        }
    }

    /// The action, or nil for a log line or a metric, which the trace leaves out.
    static func action(_ action: CoreAction) -> String? {
        switch action {
        case .store(let batch):
            let changes = batch.changes
            var parts = ["store #\(batch.number)"]
            if !changes.running.isEmpty { parts.append("running=\(changes.running.map { id($0.id) })") }
            if !changes.finished.isEmpty { parts.append("finished=\(changes.finished.map { id($0.taskId) })") }
            if !changes.outbox.isEmpty { parts.append("outbox=\(changes.outbox.count)") }
            if !changes.published.isEmpty { parts.append("published=\(changes.published.count)") }
            if !changes.queued.isEmpty { parts.append("queued=\(changes.queued.map { id($0.taskId) })") }
            if !changes.dequeued.isEmpty { parts.append("dequeued=\(changes.dequeued.map(id))") }
            if !changes.fires.isEmpty { parts.append("fires=\(changes.fires.keys.sorted())") }
            return parts.joined(separator: " ")
        case .publish(let messages): return "publish " + messages.map(message).joined(separator: ", ")
        case .runCommand(let order): return "run command #\(order.number) of \(id(order.task))/\(order.step)"
        case .cancelCommand(let task): return "cancel command of \(id(task))"
        case .resume(let upTo): return "resume up to \(upTo)"
        case .log, .metric: return nil
        }
    }
}
