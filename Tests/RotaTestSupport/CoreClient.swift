import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import RotaAuth
import RotaModel
import Testing

/// The REST API of a core at a port, as tests use it; over TLS (to `localhost`) when given a
/// TLS configuration.
public struct CoreClient {
    public let port: Int
    /// Signs every request when set.
    private let signer: TokenSigner?
    /// The TLS of every request, when the core serves TLS.
    private let tls: TLSConfiguration?

    public init(port: Int, psk: String? = nil, tls: TLSConfiguration? = nil) {
        self.port = port
        self.tls = tls
        signer = psk.map { TokenSigner(key: PreSharedKey($0)) }
    }

    public var baseURL: String { tls == nil ? "http://127.0.0.1:\(port)" : "https://localhost:\(port)" }

    /// A REST request; the body is JSON when given.
    public func request(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, headers: [(String, String)] = []) async throws -> APIResponse {
        guard let json else { return try await request(method, path, body: nil, headers: headers) }
        return try await request(
            method, path, body: String(decoding: try JSONEncoder().encode(json), as: UTF8.self), contentType: "application/json", headers: headers)
    }

    /// A REST request with a body of any type.
    public func request(
        _ method: HTTPMethod, _ path: String, body: String?, contentType: String = "text/plain", headers: [(String, String)] = []
    ) async throws -> APIResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.tlsConfiguration = tls
        if let signer { request.headers.add(name: "Authorization", value: signer.authorizationHeader()) }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return APIResponse(
            status: Int(response.status.code), body: Data(body.readableBytesView), contentType: response.headers.first(name: "Content-Type"),
            headers: response.headers.map { ($0.name, $0.value) })
    }

    /// Waits until the run has finished and returns its history entry.
    public func finishedRun(_ taskId: String, within seconds: Double = patience) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let response = try await request(.GET, "/tasks/\(taskId)")
            if response.status == 200, let json = try? response.json(), json["state"] == "finished" { return json }
            try await Task.pause(for: .milliseconds(20))
        }
        throw TestFailure("run \(taskId) did not finish within \(seconds) s")
    }

    /// Starts a workflow through the API and returns the new run's id.
    public func run(_ workflowId: String) async throws -> String {
        let response = try await request(.POST, "/workflows/\(workflowId)/run")
        let taskId = try response.json()["task_id"]?.stringValue
        return try #require(taskId, "no run started: \(response.text)")
    }

    /// Waits until the run's current step waits for exactly `subscribers`, and the change is
    /// stored: the core answers a run's log only once everything it has handled is stored.
    public func waitUntil(_ taskId: String, waitsFor subscribers: [String], within seconds: Double = patience) async throws {
        try await eventually("run \(taskId) to wait for just \(subscribers)", within: seconds) {
            try await request(.GET, "/tasks/\(taskId)").json()["waiting_for"] == .array(subscribers.map(JSONValue.string))
        }
        let log = try await request(.GET, "/tasks/\(taskId)/log")
        guard log.status == 200 else { throw TestFailure("the log of run \(taskId) was refused: \(log.text)") }
    }

    /// Waits until subscriber `id` has `count` subscriptions.
    public func waitUntilSubscribed(_ id: String, count: Int, within seconds: Double = patience) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let response = try await request(.GET, "/subscriber/\(id)")
            if response.status == 200, (try? response.json())?["subscriptions"]?.objectValue?.count == count { return }
            try await Task.pause(for: .milliseconds(50))
        }
        throw TestFailure("subscriber \(id) did not register \(count) subscriptions within \(seconds) s")
    }
}

/// Waits until `condition` holds, checking every 20 ms; fails after `seconds`.
public func eventually(_ what: String, within seconds: Double = patience, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.pause(for: .milliseconds(20))
    }
    throw TestFailure("\(what) did not happen within \(seconds) s")
}
