import Foundation
import Hummingbird
import RotaModel
import RotaStore

/// The history of finished runs, filtered, and in figures per workflow.
struct HistoryRoutes {
    /// The most runs one request lists.
    static let maximumLimit = 10_000

    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/history") { request, _ in
            try JSONResponse.make(try await parts.store.history(try Self.query(from: request)).map(APIViews.history))
        }
        router.get("/history/summary") { _, _ in
            try JSONResponse.make(try await parts.store.historySummary().map(APIViews.summary))
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
            guard let limit = Int(text), (1...maximumLimit).contains(limit) else {
                throw APIError.badRequest("must be a number from 1 to \(maximumLimit), not \"\(text)\"", path: "limit")
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
