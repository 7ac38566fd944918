import Foundation
import GRDB

/// A row a reader met and could not turn into its record, with what is needed to set it aside.
struct UnreadableRow: Sendable {
    let kind: SetAsideRecord.Kind
    let id: String
    let reason: String
    /// The row's stored bytes, kept as they were.
    let bytes: Data?

    /// Why `error`, raised while reading a record, makes it unreadable, in one line.
    static func reason(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)".replacingOccurrences(of: "\n", with: "; ") }
        let context: DecodingError.Context
        switch decoding {
        case .dataCorrupted(let found), .keyNotFound(_, let found), .typeMismatch(_, let found), .valueNotFound(_, let found):
            context = found
        @unknown default:
            return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        var reason = path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        if let underlying = context.underlyingError { reason += " (\(underlying))" }
        return reason
    }
}

extension Row {
    /// The column's text, nil when it holds something else (a reader never traps on a bad row).
    func text(_ column: String) -> String? {
        String.fromDatabaseValue(self[column] as DatabaseValue)
    }

    /// The column's bytes (text is taken as its UTF-8), nil when it holds something else.
    func bytes(_ column: String) -> Data? {
        Data.fromDatabaseValue(self[column] as DatabaseValue)
    }

    /// The column's whole number, nil when it holds something else.
    func integer(_ column: String) -> Int? {
        Int.fromDatabaseValue(self[column] as DatabaseValue)
    }

    /// The column's number, nil when it holds something else.
    func number(_ column: String) -> Double? {
        Double.fromDatabaseValue(self[column] as DatabaseValue)
    }

    /// The column as it reads in a message: its text, or a description of what it holds.
    func describe(_ column: String) -> String {
        text(column) ?? (self[column] as DatabaseValue).description
    }
}

/// A column that does not hold what its record needs (text where a number belongs, say).
struct UnreadableColumn: Error, CustomStringConvertible {
    let name: String

    var description: String { "the column \(name) does not hold a value of its type" }
}
