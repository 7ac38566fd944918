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
        let decoded = ReadRecords(rows, kind: .outbox, bytes: "frame") { row in try OutboxMessage(storedRow: row, decoder: decoder) }
        await setAside(decoded.unreadable)
        return decoded.records
    }

    /// The queued runs, oldest first; one that cannot be read is set aside.
    public func queuedRuns() async throws -> [QueuedRun] {
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT task_id AS id, body FROM queued_run ORDER BY task_id") }
        let decoder = Self.makeDecoder()
        let decoded = ReadRecords(rows, kind: .queued, bytes: "body") { row in try QueuedRun(storedRow: row, decoder: decoder) }
        await setAside(decoded.unreadable)
        return decoded.records.sorted { $0.queuedAt < $1.queuedAt }
    }

    /// The state of every unfinished run this Rota can resume; the others are set aside.
    public func runningTasks() async throws -> [TaskSnapshot] {
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT id, snapshot FROM running_task ORDER BY id") }
        let decoder = Self.makeDecoder()
        let decoded = ReadRecords(rows, kind: .run, bytes: "snapshot", reason: TaskSnapshot.unreadableReason) { row in
            try TaskSnapshot(resumableRow: row, decoder: decoder)
        }
        await setAside(decoded.unreadable)
        return decoded.records
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
        let decoded = ReadRecords(rows, kind: .history, id: "task_id", bytes: "entry") { row in try HistoryEntry(storedRow: row, decoder: decoder) }
        await setAside(decoded.unreadable)
        return decoded.records
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
            ).compactMap { row in HistorySummary(storedRow: row) }
        }
    }

    /// The log of a run; an entry whose time is not a number is left out, a column of another
    /// type is read as its description.
    public func log(of id: TaskId) async throws -> [TaskLogEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT at, level, step, subscriber_id, message FROM task_log WHERE task_id = ? ORDER BY seq", arguments: [id]
            ).compactMap { row in TaskLogEntry(storedRow: row) }
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
        try await pool.read { db in triggerFires(try Row.fetchAll(db, sql: "SELECT trigger, fired_at FROM trigger_fire")) }
    }
}
