import Foundation
import RotaClient
import RotaModel

/// The core's resource inventory as a worker uses it: merge what was collected, mark what
/// expired, list what is marked, record what was deleted.
struct CoreInventory: CleanupInventory {
    /// Resources fetched per request when listing.
    static let pageSize = 1000

    let api: CoreAPI

    /// Replaces the core's snapshot of the snapshot's (cloud, account) with its resources,
    /// streamed as JSON lines. The core notes what the merge did in the log of run `task`.
    func merge(_ snapshot: ResourceSnapshot, task: TaskId) async throws(CoreAPIError) -> MergeSummary {
        let answer = try await api.post(
            "/resources/merge", query: [("task", task), ("cloud", snapshot.cloud), ("account", snapshot.account)],
            streaming: ResourceLineChunks(resources: snapshot.resources), contentType: "application/x-ndjson")
        return try CoreAPI.decode(MergeSummary.self, from: answer, request: "POST /resources/merge")
    }

    /// Marks the expired resources that `filter` selects for cleanup with the reason `expired`;
    /// returns the ids marked now. The core leaves protected, already marked and deleted
    /// resources alone.
    func markExpired(matching filter: ResourceFilter) async throws(CoreAPIError) -> [String] {
        var parameters = filter.parameters.mapValues { JSONValue.array($0.map(JSONValue.string)) }
        parameters["expired"] = true
        let answer = try await api.post("/resources/clean", json: ["filter": .object(parameters), "reason": "expired"])
        return answer["marked"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Every resource that `filter` selects, is marked for cleanup and is not yet recorded as
    /// deleted, page by page; the core applies the filter.
    func markedResources(matching filter: ResourceFilter) async throws(CoreAPIError) -> [StoredResource] {
        var marked = filter
        marked.clean = true
        marked.cleaned = false
        let conditions = marked.parameters.sorted { $0.key < $1.key }.flatMap { name, values in values.map { (name, $0) } }
        var resources: [StoredResource] = []
        var after: String?
        repeat {
            var query = conditions + [("limit", String(Self.pageSize))]
            if let after { query.append(("after", after)) }
            let page = try CoreAPI.decode(ResourcePage.self, from: try await api.get("/resources", query: query), request: "GET /resources")
            resources += page.resources
            after = page.next
        } while after != nil
        return resources
    }

    /// Records that the resources were deleted.
    func recordCleaned(_ ids: [String]) async throws(CoreAPIError) {
        try await api.post("/resources/cleaned", json: ["ids": .array(ids.map(JSONValue.string))])
    }
}
