import Foundation
import Hummingbird
import RotaAPI
import RotaModel
import RotaStore

/// The resource inventory: collectors merge their snapshots, cleanup marks and records,
/// users list, protect and aggregate.
struct ResourceRoutes {
    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.post("/resources/merge") { request, _ in
            guard let cloud = request.query("cloud"), let account = request.query("account") else {
                throw APIError.badRequest("name the snapshot: /resources/merge?cloud=C&account=A", path: request.query("cloud") == nil ? "cloud" : "account")
            }
            let summary = try await parts.store.mergeResources(
                cloud: cloud, account: account, body: request.body.map { $0.readableBytesView }, now: parts.clock.now(),
                maxSize: parts.settings.maxMergeSize)
            if let taskId = request.query("task") { await note(summary, in: taskId) }
            return try JSONResponse.make(summary)
        }
        router.get("/resources") { request, _ in
            let query = try ResourceQuery(parameters: Self.parameters(of: request))
            return try JSONResponse.make(try await parts.store.resources(query, now: parts.clock.now()))
        }
        router.get("/resources/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            guard let resource = try await parts.store.resource(id: id) else { throw APIError.notFound("no resource has the id \"\(id)\"") }
            return try JSONResponse.make(resource)
        }
        router.patch("/resources/{id}") { request, context in
            let id = try context.parameters.decoded("id")
            let protected = try await request.decoded(ProtectionRequest.self, limit: parts.settings.maxBodySize).protected
            guard let resource = try await parts.store.setProtected(id: id, protected) else {
                throw APIError.notFound("no resource has the id \"\(id)\"")
            }
            await parts.audit.record(.resource, protected ? .protected : .unprotected, target: id, by: context)
            return try JSONResponse.make(resource)
        }
        router.post("/resources/clean") { request, context in
            let cleanup = try await request.decoded(CleanupRequest.self, limit: parts.settings.maxBodySize)
            guard !cleanup.reason.isEmpty else {
                throw APIError.badRequest("give the reason resources are marked for cleanup", path: "reason")
            }
            let now = parts.clock.now()
            let marked: [String]
            switch (cleanup.ids, cleanup.filter) {
            case (let ids?, nil):
                marked = try await parts.store.markClean(ids: ids, reason: cleanup.reason, now: now)
            case (nil, let filter?):
                marked = try await parts.store.markClean(matching: try Self.cleanupFilter(filter), reason: cleanup.reason, now: now)
            default:
                throw APIError.badRequest("send either ids (a list) or filter (query parameters as an object)", path: "ids")
            }
            if !marked.isEmpty {
                await parts.audit.record(
                    .resource, .marked, target: nil,
                    change: [
                        "reason": .string(cleanup.reason), "filter": cleanup.filter ?? .null, "marked": .array(marked.map(JSONValue.string)),
                        "count": .int(Int64(marked.count)),
                    ],
                    by: context)
            }
            return try JSONResponse.make(MarkedAnswer(marked: marked))
        }
        router.post("/resources/cleaned") { request, _ in
            let cleaned = try await request.decoded(CleanedRequest.self, limit: parts.settings.maxBodySize)
            return try JSONResponse.make(RecordedAnswer(recorded: try await parts.store.recordCleaned(ids: cleaned.ids, now: parts.clock.now())))
        }
        router.post("/resources/aggregate") { request, _ in
            let body = try await request.decoded(AggregationRequest.self, limit: parts.settings.maxBodySize)
            let aggregation = try ResourceAggregation(groupBy: body.groupBy, metrics: body.metrics, filter: try Self.filter(body.filter))
            return try JSONResponse.make(try await parts.store.aggregateResources(aggregation, now: parts.clock.now()))
        }
    }

    /// Records in the run's log what a merge did, and the lines it could not fully read.
    private func note(_ summary: MergeSummary, in taskId: TaskId) async {
        var notes = [
            "stored \(summary.cloud)/\(summary.account): \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.removed) removed"
        ]
        notes += summary.problems.map { "\(summary.cloud)/\(summary.account) \($0)" }
        if summary.problemCount > summary.problems.count { notes.append("and \(summary.problemCount - summary.problems.count) more problems") }
        await parts.taskHandler.note(notes, in: taskId)
    }

    /// Every query parameter with all its values.
    static func parameters(of request: Request) -> [String: [String]] {
        var parameters: [String: [String]] = [:]
        for (name, value) in request.queryString { parameters[name, default: []].append(value) }
        return parameters
    }

    /// A filter written as an object of query parameters: `{"cloud": "aws", "tag": ["env=dev"], "expired": true}`.
    static func filter(_ value: JSONValue) throws -> ResourceFilter {
        guard let object = value.objectValue else { throw APIError.badRequest("must be an object of filter parameters", path: "filter") }
        var parameters: [String: [String]] = [:]
        for (name, value) in object {
            let elements: [JSONValue]
            if case .array(let values) = value { elements = values } else { elements = [value] }
            parameters[name] = try elements.map { element in
                guard let text = Self.text(element, of: name) else {
                    throw APIError.badRequest("\(Self.expectedValue(of: name)), not \(element.typeName)", path: "filter.\(name)")
                }
                return text
            }
        }
        do {
            return try ResourceFilter(parameters: parameters)
        } catch {
            throw APIError.badRequest(error.message, path: "filter.\(error.path)")
        }
    }

    /// A filter of resources to mark for cleanup: one that sets at least one condition, since
    /// an empty filter would mark every unprotected resource for deletion.
    static func cleanupFilter(_ value: JSONValue) throws -> ResourceFilter {
        let filter = try Self.filter(value)
        guard !filter.isEmpty else {
            throw APIError.badRequest(
                "a cleanup needs a filter that sets a condition, e.g. {\"cloud\": \"aws\", \"expired\": true}; it never marks every resource",
                path: "filter")
        }
        return filter
    }

    /// The filter parameters that are true or false; the others are texts.
    static let flagParameters: Set<String> = ["expired", "clean", "cleaned", "protected"]

    /// The value of filter parameter `name` as the query string would carry it; nil for a value
    /// the parameter does not take: a flag takes true or false, `tag` a text, the others a text
    /// or a number (an account id written as one).
    private static func text(_ value: JSONValue, of name: String) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag) where flagParameters.contains(name): return String(flag)
        case .int(let number) where !flagParameters.contains(name) && name != "tag": return String(number)
        case .double(let number) where !flagParameters.contains(name) && name != "tag": return String(number)
        default: return nil
        }
    }

    /// What filter parameter `name` takes, for a refusal.
    private static func expectedValue(of name: String) -> String {
        if flagParameters.contains(name) { return "must be true or false" }
        if name == "tag" { return "must be a text KEY or KEY=VALUE, or a list of them" }
        return "must be a text or a number, or a list of them"
    }
}
