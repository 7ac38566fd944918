import Foundation

/// The records that were set aside because they cannot be read. Readers of the other stores
/// set a record aside when they meet it; this lists and forgets them.
public protocol SetAsideStore: Sendable {
    /// Every record set aside, oldest first.
    func setAsideRecords() async throws -> [SetAsideRecord]
    /// Forgets that a record was set aside (its original row, if still there, is read again at
    /// the next start); false when no such record was set aside.
    func forgetSetAside(_ kind: SetAsideRecord.Kind, id: String) async throws -> Bool
}
