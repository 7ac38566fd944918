import Foundation
import GRDB
import RotaEngine
import RotaModel

extension SQLiteStore {
    static func registerTaskMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("tasks-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE running_task (id TEXT PRIMARY KEY NOT NULL, snapshot BLOB NOT NULL);
                    CREATE TABLE task_log (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, at REAL NOT NULL, level TEXT NOT NULL,
                        step TEXT, subscriber_id TEXT, message TEXT NOT NULL);
                    CREATE INDEX task_log_by_task ON task_log (task_id, seq);
                    CREATE TABLE task_history (
                        task_id TEXT PRIMARY KEY NOT NULL, workflow_id TEXT NOT NULL, workflow_version INTEGER NOT NULL,
                        started_at REAL NOT NULL, finished_at REAL NOT NULL, errors INTEGER NOT NULL, entry BLOB NOT NULL);
                    CREATE INDEX task_history_by_start ON task_history (started_at);
                    CREATE INDEX task_history_by_workflow ON task_history (workflow_id, started_at);
                    CREATE INDEX task_history_by_finish ON task_history (finished_at);
                    CREATE TABLE trigger_fire (trigger TEXT PRIMARY KEY NOT NULL, fired_at REAL NOT NULL);
                    """)
        }
        migrator.registerMigration("tasks-v2-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outbox_message (
                        id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, frame TEXT NOT NULL, origin_task TEXT,
                        origin_workflow TEXT, cascade TEXT NOT NULL);
                    CREATE TABLE queued_run (task_id TEXT PRIMARY KEY NOT NULL, workflow_id TEXT NOT NULL, body BLOB NOT NULL);
                    """)
        }
    }

    public func save(_ changes: TaskChanges) async throws {
        guard !changes.isEmpty else { return }
        let encoder = Self.makeEncoder()
        let running = try changes.running.map { ($0.id, try encoder.encode($0)) }
        let finished = try changes.finished.map { ($0, try encoder.encode($0)) }
        let outbox = try changes.outbox.map { ($0, String(decoding: try encoder.encode($0.cascade), as: UTF8.self)) }
        let queued = try changes.queued.map { ($0, try encoder.encode($0)) }
        try await pool.write { db in
            for (id, snapshot) in running {
                try db.execute(
                    sql: "INSERT INTO running_task (id, snapshot) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET snapshot = excluded.snapshot",
                    arguments: [id, snapshot])
            }
            for (task, entry) in changes.log {
                try db.execute(
                    sql: "INSERT INTO task_log (task_id, at, level, step, subscriber_id, message) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [task, entry.at.timeIntervalSince1970, entry.level.rawValue, entry.step, entry.subscriberId, entry.message])
            }
            for (entry, encoded) in finished {
                try db.execute(sql: "DELETE FROM running_task WHERE id = ?", arguments: [entry.taskId])
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO task_history (task_id, workflow_id, workflow_version, started_at, finished_at, errors, entry)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.taskId, entry.workflowId, entry.workflowVersion, entry.startedAt.timeIntervalSince1970,
                        entry.finishedAt.timeIntervalSince1970, entry.errors, encoded,
                    ])
            }
            for (trigger, firedAt) in changes.fires {
                try db.execute(
                    sql: "INSERT INTO trigger_fire (trigger, fired_at) VALUES (?, ?) ON CONFLICT(trigger) DO UPDATE SET fired_at = excluded.fired_at",
                    arguments: [trigger, firedAt.timeIntervalSince1970])
            }
            for (message, cascade) in outbox {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO outbox_message (id, position, frame, origin_task, origin_workflow, cascade)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [message.id, message.position, message.frame, message.originTask, message.originWorkflow, cascade])
            }
            for id in changes.published {
                try db.execute(sql: "DELETE FROM outbox_message WHERE id = ?", arguments: [id])
            }
            for (run, body) in queued {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO queued_run (task_id, workflow_id, body) VALUES (?, ?, ?)",
                    arguments: [run.taskId, run.workflowId, body])
            }
            for id in changes.dequeued {
                try db.execute(sql: "DELETE FROM queued_run WHERE task_id = ?", arguments: [id])
            }
        }
    }

    /// The stored messages not yet published, oldest first; one that cannot be read is set aside.
    public func unpublishedMessages() async throws -> [OutboxMessage] {
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, position, frame, origin_task, origin_workflow, cascade FROM outbox_message ORDER BY position, id")
        }
        let decoder = Self.makeDecoder()
        var messages: [OutboxMessage] = []
        var unreadable: [UnreadableRow] = []
        for row in rows {
            do {
                guard let id = row.text("id"), let position = row.integer("position") else { throw UnreadableColumn(name: "id") }
                guard let frame = row.text("frame") else { throw UnreadableColumn(name: "frame") }
                guard let cascadeText = row.text("cascade") else { throw UnreadableColumn(name: "cascade") }
                let cascade = try decoder.decode(Cascade.self, from: Data(cascadeText.utf8))
                let message = OutboxMessage(
                    id: id, position: Int64(position), message: try Message(jsonText: frame), originTask: row.text("origin_task"),
                    originWorkflow: row.text("origin_workflow"), cascade: cascade)
                messages.append(message)
            } catch {
                unreadable.append(UnreadableRow(kind: .outbox, id: row.describe("id"), reason: UnreadableRow.reason(error), bytes: row.bytes("frame")))
            }
        }
        await setAside(unreadable)
        return messages
    }

    /// The queued runs, oldest first; one that cannot be read is set aside.
    public func queuedRuns() async throws -> [QueuedRun] {
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT task_id AS id, body FROM queued_run ORDER BY task_id") }
        return await decodeEach(rows, column: "body", as: QueuedRun.self, kind: .queued).sorted { $0.queuedAt < $1.queuedAt }
    }

    /// Each row's `column` decoded as `T`; the rows that fail are set aside as `kind`, under their
    /// `id`.
    private func decodeEach<T: Decodable>(_ rows: [Row], column: String, as type: T.Type, kind: SetAsideRecord.Kind) async -> [T] {
        let decoder = Self.makeDecoder()
        var values: [T] = []
        var unreadable: [UnreadableRow] = []
        for row in rows {
            do {
                guard let data = row.bytes(column) else { throw UnreadableColumn(name: column) }
                values.append(try decoder.decode(T.self, from: data))
            } catch {
                unreadable.append(UnreadableRow(kind: kind, id: row.describe("id"), reason: UnreadableRow.reason(error), bytes: row.bytes(column)))
            }
        }
        await setAside(unreadable)
        return values
    }

    /// The state of every unfinished run this Rota can resume; the others are set aside.
    public func runningTasks() async throws -> [TaskSnapshot] {
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT id, snapshot FROM running_task ORDER BY id") }
        let decoder = Self.makeDecoder()
        var snapshots: [TaskSnapshot] = []
        var unreadable: [UnreadableRow] = []
        for row in rows {
            do {
                guard let data = row.bytes("snapshot") else { throw UnreadableColumn(name: "snapshot") }
                let snapshot = try decoder.decode(TaskSnapshot.self, from: data)
                _ = try RunningTask(snapshot: snapshot)
                snapshots.append(snapshot)
            } catch let refusal as UnreadableSnapshot {
                unreadable.append(UnreadableRow(kind: .run, id: row.describe("id"), reason: refusal.reason, bytes: row.bytes("snapshot")))
            } catch {
                unreadable.append(UnreadableRow(kind: .run, id: row.describe("id"), reason: UnreadableRow.reason(error), bytes: row.bytes("snapshot")))
            }
        }
        await setAside(unreadable)
        return snapshots
    }

    public func history(_ query: HistoryQuery) async throws -> [HistoryEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let workflowId = query.workflowId {
            conditions.append("workflow_id = ?")
            arguments += [workflowId]
        }
        if let after = query.startedAfter {
            conditions.append("started_at >= ?")
            arguments += [after.timeIntervalSince1970]
        }
        if let before = query.startedBefore {
            conditions.append("started_at < ?")
            arguments += [before.timeIntervalSince1970]
        }
        if let hasErrors = query.hasErrors {
            conditions.append(hasErrors ? "errors > 0" : "errors = 0")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(0, query.limit)]
        let sql = "SELECT task_id, entry FROM task_history \(filter) ORDER BY started_at DESC, task_id DESC LIMIT ?"
        let rows = try await pool.read { [arguments] db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        return await historyEntries(rows)
    }

    /// One finished run; nil when the history has none with this id, or when its entry cannot be
    /// read (it is then set aside).
    public func historyEntry(_ id: TaskId) async throws -> HistoryEntry? {
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT task_id, entry FROM task_history WHERE task_id = ?", arguments: [id]) }
        return await historyEntries(rows).first
    }

    /// The history entries of `rows` (task_id, entry) that can be read; the others are set aside.
    private func historyEntries(_ rows: [Row]) async -> [HistoryEntry] {
        let decoder = Self.makeDecoder()
        var entries: [HistoryEntry] = []
        var unreadable: [UnreadableRow] = []
        for row in rows {
            do {
                guard let data = row.bytes("entry") else { throw UnreadableColumn(name: "entry") }
                entries.append(try decoder.decode(HistoryEntry.self, from: data))
            } catch {
                unreadable.append(UnreadableRow(kind: .history, id: row.describe("task_id"), reason: UnreadableRow.reason(error), bytes: row.bytes("entry")))
            }
        }
        await setAside(unreadable)
        return entries
    }

    /// Per workflow, the figures of its history; a workflow whose rows hold values of the wrong
    /// type (a start time that is not a number, say) is left out rather than failing the whole.
    public func historySummary() async throws -> [HistorySummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT workflow_id, COUNT(*) AS count, MAX(started_at) AS last_run,
                           SUM(CASE WHEN errors > 0 THEN 1 ELSE 0 END) AS with_errors,
                           AVG(finished_at - started_at) AS average_duration
                    FROM task_history GROUP BY workflow_id ORDER BY workflow_id
                    """
            ).compactMap { row in
                guard let workflowId = row.text("workflow_id"), let lastRun = row.number("last_run") else { return nil }
                return HistorySummary(
                    workflowId: workflowId, count: row.integer("count") ?? 0, lastRun: Date(timeIntervalSince1970: lastRun),
                    runsWithErrors: row.integer("with_errors") ?? 0, averageDuration: row.number("average_duration") ?? 0)
            }
        }
    }

    /// The log of a run; an entry whose time is not a number is left out, a column of another
    /// type is read as its description.
    public func log(of id: TaskId) async throws -> [TaskLogEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT at, level, step, subscriber_id, message FROM task_log WHERE task_id = ? ORDER BY seq", arguments: [id]
            ).compactMap { row in
                guard let at = row.number("at") else { return nil }
                return TaskLogEntry(
                    at: Date(timeIntervalSince1970: at), level: row.text("level").flatMap(InfoLevel.init(rawValue:)) ?? .info,
                    step: row.text("step"), subscriberId: row.text("subscriber_id"), message: row.describe("message"))
            }
        }
    }

    @discardableResult
    public func pruneHistory(finishedBefore date: Date) async throws -> Int {
        try await pool.write { db in
            let cutoff = date.timeIntervalSince1970
            try db.execute(
                sql: "DELETE FROM task_log WHERE task_id IN (SELECT task_id FROM task_history WHERE finished_at < ?)", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM task_history WHERE finished_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    public func lastFires() async throws -> [String: Date] {
        try await pool.read { db in
            var fires: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT trigger, fired_at FROM trigger_fire") {
                guard let trigger = row.text("trigger"), let firedAt = row.number("fired_at") else { continue }
                fires[trigger] = Date(timeIntervalSince1970: firedAt)
            }
            return fires
        }
    }
}
