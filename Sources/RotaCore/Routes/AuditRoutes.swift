import Foundation
import Hummingbird
import RotaModel
import RotaStore

/// The audit trail: the changes made through the API, newest first, filtered by kind and time.
struct AuditRoutes {
    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/audit") { request, _ in
            try JSONResponse.make(try await parts.store.auditEntries(try Self.query(from: request)).map(APIViews.audit))
        }
    }

    /// The listing a request asks for: `kind`, `since`, `until` (ISO-8601 times, `until` later
    /// than `since`) and `limit` (1 to 1000, 100 when not given); a value the core cannot take is
    /// a 400 naming it.
    static func query(from request: Request) throws -> AuditQuery {
        var query = AuditQuery()
        if let text = request.query("kind") {
            guard let kind = AuditRecord.Kind(rawValue: text) else {
                let kinds = AuditRecord.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("must be one of \(kinds), not \"\(AuditBounds.text(text))\"", path: "kind")
            }
            query.kind = kind
        }
        query.since = try time(request, "since")
        query.until = try time(request, "until")
        if let since = query.since, let until = query.until, until <= since {
            throw APIError.badRequest(
                "must be later than since (\(Timestamp.string(since))), not \(Timestamp.string(until))", path: "until")
        }
        if let text = request.query("limit") {
            guard let limit = Int(text), (1...AuditQuery.maximumLimit).contains(limit) else {
                throw APIError.badRequest("must be a number from 1 to \(AuditQuery.maximumLimit), not \"\(AuditBounds.text(text))\"", path: "limit")
            }
            query.limit = limit
        }
        return query
    }

    private static func time(_ request: Request, _ name: String) throws -> Date? {
        guard let text = request.query(name) else { return nil }
        guard let date = Timestamp.date(text) else {
            throw APIError.badRequest("must be an ISO-8601 time such as 2026-11-23T10:00:00Z, not \"\(AuditBounds.text(text))\"", path: name)
        }
        return date
    }
}
