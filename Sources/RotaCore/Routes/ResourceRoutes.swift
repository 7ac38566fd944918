import Foundation
import Hummingbird
import RotaModel
import RotaStore

/// The resource inventory: collectors merge their snapshots, cleanup marks and records,
/// users list, protect and aggregate.
struct ResourceRoutes {
    let parts: CoreParts

    func register(on router: Router<CoreRequestContext>) {
        router.post("/resources/merge") { request, _ in
            guard let cloud = request.query("cloud"), let account = request.query("account") else {
                throw APIError.badRequest("name the snapshot: /resources/merge?cloud=C&account=A", path: request.query("cloud") == nil ? "cloud" : "account")
            }
            let summary: MergeSummary
            do {
                summary = try await parts.store.mergeResources(
                    cloud: cloud, account: account, body: request.body.map { $0.readableBytesView }, now: parts.clock.now(),
                    maxSize: parts.settings.maxMergeSize)
            } catch let error as ResourceMergeError {
                throw APIError(.badRequest, "invalid_resource", error.description, path: error.location)
            } catch let error as MergeTooLarge {
                throw APIError(
                    .contentTooLarge, "merge_too_large", "\(error.description); split it, or raise max_merge_size (--max-merge-size)")
            }
            if let taskId = request.query("task") { await note(summary, in: taskId) }
            return try JSONResponse.make(encoding: summary)
        }
        router.get("/resources") { request, _ in
            let query: ResourceQuery
            do {
                query = try ResourceQuery(parameters: Self.parameters(of: request))
            } catch let error as ResourceQueryError {
                throw APIError.badRequest(error.message, path: error.path)
            }
            return try JSONResponse.make(encoding: try await parts.store.resources(query, now: parts.clock.now()))
        }
        router.get("/resources/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            guard let resource = try await parts.store.resource(id: id) else { throw APIError.notFound("no resource has the id \"\(id)\"") }
            return try JSONResponse.make(encoding: resource)
        }
        router.patch("/resources/{id}") { request, context in
            let id = try context.parameters.decoded("id")
            guard case .bool(let protected)? = try await request.json(limit: parts.settings.maxBodySize)["protected"] else {
                throw APIError.badRequest("send {\"protected\": true} or {\"protected\": false}", path: "protected")
            }
            guard let resource = try await parts.store.setProtected(id: id, protected) else {
                throw APIError.notFound("no resource has the id \"\(id)\"")
            }
            await parts.audit.record(.resource, protected ? .protected : .unprotected, target: id, by: context)
            return try JSONResponse.make(encoding: resource)
        }
        router.post("/resources/clean") { request, context in
            let body = try await request.json(limit: parts.settings.maxBodySize)
            guard let reason = body["reason"]?.stringValue, !reason.isEmpty else {
                throw APIError.badRequest("give the reason resources are marked for cleanup", path: "reason")
            }
            let now = parts.clock.now()
            let marked: [String]
            switch (body["ids"], body["filter"]) {
            case (let ids?, nil):
                marked = try await parts.store.markClean(ids: try Self.ids(ids), reason: reason, now: now)
            case (nil, let filter?):
                marked = try await parts.store.markClean(matching: try Self.cleanupFilter(filter), reason: reason, now: now)
            default:
                throw APIError.badRequest("send either ids (a list) or filter (query parameters as an object)", path: "ids")
            }
            if !marked.isEmpty {
                await parts.audit.record(
                    .resource, .marked, target: nil,
                    change: [
                        "reason": .string(reason), "filter": body["filter"] ?? .null, "marked": .array(marked.map(JSONValue.string)),
                        "count": .int(Int64(marked.count)),
                    ],
                    by: context)
            }
            return try JSONResponse.make(["marked": .array(marked.map(JSONValue.string))])
        }
        router.post("/resources/cleaned") { request, _ in
            let body = try await request.json(limit: parts.settings.maxBodySize)
            guard let ids = body["ids"] else { throw APIError.badRequest("send the ids of the deleted resources", path: "ids") }
            let recorded = try await parts.store.recordCleaned(ids: try Self.ids(ids), now: parts.clock.now())
            return try JSONResponse.make(["recorded": .array(recorded.map(JSONValue.string))])
        }
        router.post("/resources/aggregate") { request, _ in
            let body = try await request.json(limit: parts.settings.maxBodySize)
            guard body.objectValue != nil else {
                throw APIError.badRequest("send an object {\"group_by\": [...], \"metrics\": [...], \"filter\": {...}}, not \(body.typeName)")
            }
            let aggregation: ResourceAggregation
            do {
                aggregation = try ResourceAggregation(
                    groupBy: try Self.strings(body["group_by"] ?? [], path: "group_by"), metrics: try Self.strings(body["metrics"] ?? ["count"], path: "metrics"),
                    filter: try Self.filter(body["filter"] ?? [:]))
            } catch let error as ResourceQueryError {
                throw APIError.badRequest(error.message, path: error.path)
            }
            return try JSONResponse.make(encoding: try await parts.store.aggregateResources(aggregation, now: parts.clock.now()))
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
        for (name, value) in request.uri.queryParameters { parameters[String(name), default: []].append(String(value)) }
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

    private static func ids(_ value: JSONValue) throws -> [String] {
        try strings(value, path: "ids")
    }

    private static func strings(_ value: JSONValue, path: String) throws -> [String] {
        let strings = value.arrayValue?.compactMap(\.stringValue)
        guard let strings, strings.count == value.arrayValue?.count else { throw APIError.badRequest("must be a list of strings", path: path) }
        return strings
    }
}
