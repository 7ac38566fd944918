import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaModel
import Testing

/// The REST API of a core at a port, as tests use it.
struct CoreClient {
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A REST request; the body is JSON when given.
    func request(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, headers: [(String, String)] = []) async throws -> APIResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return APIResponse(status: Int(response.status.code), body: Data(body.readableBytesView), contentType: response.headers.first(name: "Content-Type"))
    }

    /// Waits until the run has finished and returns its history entry.
    func finishedRun(_ taskId: String, within seconds: Double = 10) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let response = try await request(.GET, "/tasks/\(taskId)")
            if response.status == 200, let json = try? response.json(), json["state"] == "finished" { return json }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("run \(taskId) did not finish within \(seconds) s")
    }

    /// Starts a workflow through the API and returns the new run's id.
    func run(_ workflowId: String) async throws -> String {
        let response = try await request(.POST, "/workflows/\(workflowId)/run")
        let taskId = try response.json()["task_id"]?.stringValue
        return try #require(taskId, "no run started: \(response.text)")
    }

    /// Waits until the run's current step waits for exactly `subscribers`, and the change is stored.
    func waitUntil(_ taskId: String, waitsFor subscribers: [String], within seconds: Double = 10) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let task = try await request(.GET, "/tasks/\(taskId)").json()
            if task["waiting_for"] == .array(subscribers.map(JSONValue.string)) {
                try await Task.sleep(for: .milliseconds(300))
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("run \(taskId) never waited for just \(subscribers)")
    }
}
