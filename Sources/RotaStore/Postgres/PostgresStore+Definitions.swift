import Foundation
import PostgresNIO
import RotaModel

extension PostgresStore: DefinitionStore {
    /// The tables of workflows, jobs and schedule overrides, as in SQLite; ids order bytewise,
    /// as SQLite orders them.
    static let definitionMigrations = [
        PostgresMigration(
            "definitions-v1",
            [
                #"CREATE TABLE workflow_definition (id TEXT COLLATE "C" PRIMARY KEY NOT NULL, version BIGINT NOT NULL, definition BYTEA NOT NULL)"#,
                #"CREATE TABLE job_definition (id TEXT COLLATE "C" PRIMARY KEY NOT NULL, version BIGINT NOT NULL, definition BYTEA NOT NULL)"#,
                #"CREATE TABLE schedule_override (workflow_id TEXT COLLATE "C" PRIMARY KEY NOT NULL, schedule TEXT NOT NULL)"#,
            ])
    ]

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

    /// The schedules set through the API.
    public func scheduleOverrides() async throws -> [String: String] {
        var overrides: [String: String] = [:]
        for row in try await rows("SELECT workflow_id, schedule FROM schedule_override") {
            guard let workflowId = row.text("workflow_id"), let schedule = row.text("schedule") else { continue }
            overrides[workflowId] = schedule
        }
        return overrides
    }

    public func saveScheduleOverride(_ schedule: String?, of workflowId: String) async throws {
        try await write { connection in
            if let schedule {
                try await connection.query(
                    """
                    INSERT INTO schedule_override (workflow_id, schedule) VALUES (\(workflowId), \(schedule))
                    ON CONFLICT (workflow_id) DO UPDATE SET schedule = excluded.schedule
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM schedule_override WHERE workflow_id = \(workflowId)", logger: logger)
            }
        }
    }

    /// The definitions of `table` that pass validation; the others are set aside as `kind`.
    private func definitions<D: Definition & Sendable & Hashable>(in table: String, kind: SetAsideRecord.Kind) async throws -> [Versioned<D>] {
        let rows = try await rows("SELECT id, version, definition FROM \(unescaped: table) ORDER BY id")
        let decoded = ReadRecords(rows, kind: kind, bytes: "definition") { row in try Versioned<D>(storedRow: row) }
        await setAside(decoded.unreadable)
        return decoded.records
    }

    private func save<D: Definition>(_ definition: D, id: String, version: Int, in table: String) async throws {
        let data = try JSONEncoder().encode(definition)
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO \(unescaped: table) (id, version, definition) VALUES (\(id), \(version), \(data))
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, definition = excluded.definition
                """, logger: logger)
        }
    }

    private func delete(_ id: String, from table: String) async throws -> Bool {
        try await write { connection in
            try await count("WITH removed AS (DELETE FROM \(unescaped: table) WHERE id = \(id) RETURNING 1) SELECT COUNT(*) FROM removed", on: connection) > 0
        }
    }
}
