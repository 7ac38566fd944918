import Foundation
import Hummingbird
import RotaModel
import RotaStore

/// The history of finished runs, filtered, and in figures per workflow.
struct HistoryRoutes {
    let parts: CoreParts

    func register(on router: Router<CoreRequestContext>) {
        router.get("/history") { request, _ in
            let entries = try await parts.store.history(try Self.query(from: request))
            return try JSONResponse.make(.array(entries.map { APIViews.history($0) }))
        }
        router.get("/history/summary") { _, _ in
            try JSONResponse.make(.array(try await parts.store.historySummary().map(APIViews.summary)))
        }
    }

    static func query(from request: Request) throws -> HistoryQuery {
        var query = HistoryQuery()
        query.workflowId = request.query("workflow")
        query.startedAfter = try time(request, "started_after")
        query.startedBefore = try time(request, "started_before")
        if let text = request.query("has_errors") {
            switch text.lowercased() {
            case "true": query.hasErrors = true
            case "false": query.hasErrors = false
            default: throw APIError.badRequest("must be true or false, not \"\(text)\"", path: "has_errors")
            }
        }
        if let text = request.query("limit") {
            guard let limit = Int(text), (1...10_000).contains(limit) else {
                throw APIError.badRequest("must be a number from 1 to 10000, not \"\(text)\"", path: "limit")
            }
            query.limit = limit
        }
        return query
    }

    private static func time(_ request: Request, _ name: String) throws -> Date? {
        guard let text = request.query(name) else { return nil }
        guard let date = Timestamp.date(text) else {
            throw APIError.badRequest("must be an ISO-8601 time such as 2026-11-23T10:00:00Z, not \"\(text)\"", path: name)
        }
        return date
    }
}
