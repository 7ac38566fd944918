import Foundation
import GRDB
import RotaModel

extension SQLiteStore {
    static func registerDefinitionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("definitions-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE workflow_definition (id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, definition BLOB NOT NULL);
                    CREATE TABLE job_definition (id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, definition BLOB NOT NULL);
                    CREATE TABLE schedule_override (workflow_id TEXT PRIMARY KEY NOT NULL, schedule TEXT NOT NULL);
                    """)
        }
    }

    public func workflowDefinitions() async throws -> [Versioned<Workflow>] {
        try await definitions(in: "workflow_definition", kind: .workflow)
    }

    public func saveWorkflow(_ workflow: Versioned<Workflow>) async throws {
        try await save(workflow.definition, id: workflow.definition.id, version: workflow.version, in: "workflow_definition")
    }

    public func deleteWorkflow(_ id: String) async throws -> Bool {
        try await delete(id, from: "workflow_definition")
    }

    public func jobDefinitions() async throws -> [Versioned<Job>] {
        try await definitions(in: "job_definition", kind: .job)
    }

    public func saveJob(_ job: Versioned<Job>) async throws {
        try await save(job.definition, id: job.definition.id, version: job.version, in: "job_definition")
    }

    public func deleteJob(_ id: String) async throws -> Bool {
        try await delete(id, from: "job_definition")
    }

    /// The schedules set through the API; a row that does not hold text is left out (the
    /// configured schedule applies).
    public func scheduleOverrides() async throws -> [String: String] {
        try await pool.read { db in
            var overrides: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT workflow_id, schedule FROM schedule_override") {
                guard let workflowId = row.text("workflow_id"), let schedule = row.text("schedule") else { continue }
                overrides[workflowId] = schedule
            }
            return overrides
        }
    }

    public func saveScheduleOverride(_ schedule: String?, of workflowId: String) async throws {
        try await pool.write { db in
            if let schedule {
                try db.execute(
                    sql: "INSERT INTO schedule_override (workflow_id, schedule) VALUES (?, ?) ON CONFLICT(workflow_id) DO UPDATE SET schedule = excluded.schedule",
                    arguments: [workflowId, schedule])
            } else {
                try db.execute(sql: "DELETE FROM schedule_override WHERE workflow_id = ?", arguments: [workflowId])
            }
        }
    }

    /// Definitions are stored as their JSON, so they are read back through the same validation
    /// as any file; one that no longer passes it (or cannot be read at all) is set aside.
    private func definitions<D: Definition & Sendable & Hashable>(in table: String, kind: SetAsideRecord.Kind) async throws -> [Versioned<D>] {
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: "SELECT id, version, definition FROM \(table) ORDER BY id") }
        let decoded = ReadRecords(rows, kind: kind, bytes: "definition") { row in try Versioned<D>(storedRow: row) }
        await setAside(decoded.unreadable)
        return decoded.records
    }

    private func save<D: Definition>(_ definition: D, id: String, version: Int, in table: String) async throws {
        let data = try JSONEncoder().encode(definition)
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO \(table) (id, version, definition) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, definition = excluded.definition",
                arguments: [id, version, data])
        }
    }

    private func delete(_ id: String, from table: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
