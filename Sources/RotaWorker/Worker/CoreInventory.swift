import Foundation
import RotaClient
import RotaModel

/// The core's resource inventory as a worker uses it: merge what was collected, mark what
/// expired, list what is marked, record what was deleted.
struct CoreInventory: Sendable {
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

    /// Marks the expired resources of `clouds` for cleanup with the reason `expired`; returns the
    /// ids marked now. The core leaves protected, already marked and deleted resources alone.
    func markExpired(clouds: [String]) async throws(CoreAPIError) -> [String] {
        let filter: JSONValue = ["expired": true, "cloud": .array(clouds.map(JSONValue.string))]
        let answer = try await api.post("/resources/clean", json: ["filter": filter, "reason": "expired"])
        return answer["marked"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Every resource marked for cleanup and not yet recorded as deleted, page by page.
    func markedResources() async throws(CoreAPIError) -> [StoredResource] {
        var resources: [StoredResource] = []
        var after: String?
        repeat {
            var query = [("clean", "true"), ("cleaned", "false"), ("limit", String(Self.pageSize))]
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
