import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaModel

/// Drives the benchmark: two cores on the database, actors attached, runs kept going; kills the
/// leader at a random moment, measures until the standby leads and until an action reaches an
/// actor again, starts the killed core again as a standby, and at the end checks the history.
final class FailoverDriver {
    private let options: FailoverOptions
    private let folder: URL
    private let executable: URL
    private let clock = ContinuousClock()
    private var random: SplitMix64
    private var generation = 0
    private let http: HTTPClient
    /// The workflow the benchmark runs: every step an action every actor answers.
    static let workflow = "failover_steps"
    static let steps = ["failover_prepare", "failover_collect", "failover_plan", "failover_clean"]

    init(options: FailoverOptions, folder: URL) throws {
        self.options = options
        self.folder = folder
        let candidate = options.rotaPath.map { URL(fileURLWithPath: $0) }
            ?? Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("rota")
        guard let candidate, FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw FailoverFailure("the rota executable is missing; build it (`swift build --product rota`) or give --rota PATH")
        }
        executable = candidate
        random = SplitMix64(seed: options.seed)
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(2))
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func run() async throws -> FailoverOutcome {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let workflows = folder.appendingPathComponent("workflows")
        try writeWorkflow(to: workflows)
        let ports = [try Self.freePort(), try Self.freePort()]
        var leader = try start(port: ports[0], workflows: workflows)
        guard await waitUntil(.seconds(60), { await leader.readyStatus(http: self.http) == 200 }) else {
            throw FailoverFailure("the first core did not lead within 60 s")
        }
        var standby = try start(port: ports[1], workflows: workflows)
        guard await waitUntil(.seconds(60), { await standby.readyStatus(http: self.http) == 503 }) else {
            throw FailoverFailure("the second core did not stand by within 60 s")
        }
        let actorIds = (1...options.actors).map { "failover-actor-\($0)" }
        for id in actorIds { try await subscribe(id, at: leader) }
        let actors = actorIds.enumerated().map { FailoverActor(id: $1, ports: ports, seed: options.seed &+ UInt64($0 + 1)) }
        let actorTasks = actors.map { actor in Task { await actor.run() } }
        var figures = FailoverOutcome.Figures()
        var started: [String] = []

        for kill in 1...options.kills {
            started += try await keepRunsGoing(at: leader)
            let wait = Duration.milliseconds(Int.random(in: 300...3000, using: &random))
            let until = clock.now + wait
            while clock.now < until {
                try await Task.pause(for: .milliseconds(50))
                started += try await keepRunsGoing(at: leader)
            }
            await leader.kill()
            let killed = clock.now
            let newLeader = standby
            if await waitUntil(.seconds(120), { await newLeader.readyStatus(http: self.http) == 200 }) {
                figures.leading.append(clock.now - killed)
            } else {
                figures.stalls.append("kill \(kill): the standby did not lead within 120 s")
            }
            if await waitUntil(.seconds(60), { actors.contains { $0.firstDelivery(after: killed) != nil } }) {
                let first = actors.compactMap { $0.firstDelivery(after: killed) }.min()!
                figures.moving.append(first - killed)
            } else {
                figures.stalls.append("kill \(kill): no action reached an actor within 60 s of the kill")
            }
            let restarted = try start(port: leader.port, workflows: workflows)
            if !(await waitUntil(.seconds(60), { await restarted.readyStatus(http: self.http) == 503 })) {
                figures.stalls.append("kill \(kill): the restarted core did not stand by within 60 s")
            }
            standby = restarted
            leader = newLeader
        }

        let finished = await waitUntil(.seconds(180), { ((try? await self.unfinished(at: leader)) ?? 1) == 0 })
        if !finished { figures.stalls.append("runs were still unfinished 180 s after the last kill") }
        let history = try await historyIds(at: leader)
        for task in actorTasks { task.cancel() }
        for task in actorTasks { await task.value }
        await standby.terminate()
        await leader.terminate()
        try? await http.shutdown()
        return FailoverOutcome(figures: figures, started: started, history: history)
    }

    private func start(port: Int, workflows: URL) throws -> FailoverCore {
        generation += 1
        return try FailoverCore(
            executable: executable, port: port,
            arguments: [
                "--db", options.database, "--workflows", workflows.path, "--schedule", "collect_and_cleanup=none", "--lease-duration",
                options.leaseDuration, "--lease-retry", options.leaseRetry, "--log-level", "info",
            ],
            log: folder.appendingPathComponent("core-\(generation).log"))
    }

    private func writeWorkflow(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let steps = Self.steps.map { "  - name: \($0)\n    action: {message_type: \($0)}\n    timeout: 120\n    on_error: Stop" }
        let text = "id: \(Self.workflow)\non_surpass: Parallel\nsteps:\n\(steps.joined(separator: "\n"))\n"
        try text.write(to: folder.appendingPathComponent("\(Self.workflow).yaml"), atomically: true, encoding: .utf8)
    }

    /// The answer to a request to the core, as JSON.
    private func request(_ method: HTTPMethod, _ path: String, at core: FailoverCore, json: JSONValue? = nil) async throws -> (Int, JSONValue?) {
        var request = HTTPClientRequest(url: core.url + path)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json.jsonText))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), try? JSONValue(jsonText: String(buffer: body)))
    }

    private func subscribe(_ id: String, at core: FailoverCore) async throws {
        let subscriptions = Self.steps.map { type -> JSONValue in ["message_type": .string(type), "wait_for_completion": true, "timeout": 120] }
        let (status, answer) = try await request(.PUT, "/subscriber/\(id)", at: core, json: .array(subscriptions))
        guard status == 200 else { throw FailoverFailure("PUT /subscriber/\(id) answered \(status): \(answer?.jsonText ?? "")") }
    }

    /// Starts runs until `runsInFlight` are unfinished; returns their ids.
    private func keepRunsGoing(at core: FailoverCore) async throws -> [String] {
        guard let running = try? await unfinished(at: core) else { return [] }
        var started: [String] = []
        for _ in running..<max(running, options.runsInFlight) {
            let (status, answer) = try await request(.POST, "/workflows/\(Self.workflow)/run", at: core)
            guard status == 200 || status == 201 || status == 202, let id = answer?["task_id"]?.stringValue else { continue }
            started.append(id)
        }
        return started
    }

    private func unfinished(at core: FailoverCore) async throws -> Int {
        let (status, answer) = try await request(.GET, "/tasks", at: core)
        guard status == 200, let tasks = answer?.arrayValue else { throw FailoverFailure("GET /tasks answered \(status)") }
        return tasks.filter { $0["workflow"]?.stringValue == Self.workflow }.count
    }

    private func historyIds(at core: FailoverCore) async throws -> [(id: String, success: Bool)] {
        let (status, answer) = try await request(.GET, "/history?workflow=\(Self.workflow)&limit=10000", at: core)
        guard status == 200, let entries = answer?.arrayValue else { throw FailoverFailure("GET /history answered \(status)") }
        return entries.compactMap { entry in entry["task_id"]?.stringValue.map { ($0, entry["success"] == true) } }
    }

    /// Polls `condition` every 20 ms until it holds (true) or `timeout` passes (false).
    private func waitUntil(_ timeout: Duration, _ condition: () async -> Bool) async -> Bool {
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if await condition() { return true }
            try? await Task.pause(for: .milliseconds(20))
        }
        return await condition()
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw FailoverFailure("no socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw FailoverFailure("cannot bind a socket") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
