import Foundation
import RotaEngine
import RotaModel

extension OutboxMessage {
    /// A message from a row of `outbox_message`; throws when it cannot be read.
    init(storedRow row: some StoredRow, decoder: JSONDecoder) throws {
        guard let id = row.text("id"), let position = row.integer("position") else { throw UnreadableColumn(name: "id") }
        guard let frame = row.text("frame") else { throw UnreadableColumn(name: "frame") }
        guard let cascadeText = row.text("cascade") else { throw UnreadableColumn(name: "cascade") }
        let cascade = try decoder.decode(Cascade.self, from: Data(cascadeText.utf8))
        self.init(
            id: id, position: Int64(position), message: try Message(jsonText: frame), originTask: row.text("origin_task"),
            originWorkflow: row.text("origin_workflow"), cascade: cascade)
    }
}

extension TaskSnapshot {
    /// The snapshot of a row of `running_task` (id, snapshot), when this Rota can resume the run
    /// it holds; throws `UnreadableSnapshot` when it cannot.
    init(resumableRow row: some StoredRow, decoder: JSONDecoder) throws {
        guard let data = row.bytes("snapshot") else { throw UnreadableColumn(name: "snapshot") }
        self = try decoder.decode(TaskSnapshot.self, from: data)
        _ = try RunningTask(snapshot: self)
    }

    /// Why a run's row cannot be resumed: the snapshot's own reason when it names one.
    static func unreadableReason(_ error: any Error) -> String {
        (error as? UnreadableSnapshot)?.reason ?? UnreadableRow.reason(error)
    }
}

extension HistoryEntry {
    /// An entry from a row of `task_history` (task_id, entry); throws when it cannot be read.
    init(storedRow row: some StoredRow, decoder: JSONDecoder) throws {
        guard let data = row.bytes("entry") else { throw UnreadableColumn(name: "entry") }
        self = try decoder.decode(HistoryEntry.self, from: data)
    }
}

extension HistorySummary {
    /// The figures of a row of the summary query (workflow_id, count, last_run, with_errors,
    /// average_duration); nil when the workflow or its last run does not hold a value of its type.
    init?(storedRow row: some StoredRow) {
        guard let workflowId = row.text("workflow_id"), let lastRun = row.number("last_run") else { return nil }
        self.init(
            workflowId: workflowId, count: row.integer("count") ?? 0, lastRun: Date(timeIntervalSince1970: lastRun),
            runsWithErrors: row.integer("with_errors") ?? 0, averageDuration: row.number("average_duration") ?? 0)
    }
}

extension TaskLogEntry {
    /// An entry from a row of `task_log` (at, level, step, subscriber_id, message); nil when its
    /// time is not a number, and a column of another type is read as its description.
    init?(storedRow row: some StoredRow) {
        guard let at = row.number("at") else { return nil }
        self.init(
            at: Date(timeIntervalSince1970: at), level: row.text("level").flatMap(InfoLevel.init(rawValue:)) ?? .info,
            step: row.text("step"), subscriberId: row.text("subscriber_id"), message: row.describe("message"))
    }
}

/// The last fires of cron triggers from rows of `trigger_fire` (trigger, fired_at); a row whose
/// columns do not hold their types is left out.
func triggerFires(_ rows: [some StoredRow]) -> [String: Date] {
    var fires: [String: Date] = [:]
    for row in rows {
        guard let trigger = row.text("trigger"), let firedAt = row.number("fired_at") else { continue }
        fires[trigger] = Date(timeIntervalSince1970: firedAt)
    }
    return fires
}

extension QueuedRun {
    /// A queued run from a row of `queued_run` (task_id, body); throws when it cannot be read.
    init(storedRow row: some StoredRow, decoder: JSONDecoder) throws {
        guard let data = row.bytes("body") else { throw UnreadableColumn(name: "body") }
        self = try decoder.decode(QueuedRun.self, from: data)
    }
}
