import Foundation

/// The audit trail: every change made through the API, kept as long as the history.
public protocol AuditStore: Sendable {
    /// Appends a change; returns it with its id.
    @discardableResult
    func recordAudit(_ record: AuditRecord) async throws -> AuditEntry
    /// The entries that match, newest first; an entry that cannot be read is set aside.
    func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry]
    /// Removes the entries recorded before `date`; returns how many.
    @discardableResult
    func pruneAudit(before date: Date) async throws -> Int
}
