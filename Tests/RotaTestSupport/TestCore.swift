import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RotaClient
import RotaCore
import RotaEngine
import RotaModel
import Testing

/// A real core on an ephemeral port with its database in a fresh directory, for one test.
public final class TestCore: Sendable {
    public let core: Core
    public let port: Int
    public let directory: URL
    public let clock: ManualClock?
    /// The pre-shared key the core was started with; the test's requests are signed with it.
    public let psk: String?
    /// How the test's clients speak TLS with the core, when it serves TLS (`https://localhost`).
    public let clientTLS: ClientTLS?
    private let running: Task<Void, any Error>

    /// Starts a core; with `manualClock`, time moves only when the test advances the clock. A core
    /// whose settings serve TLS is reached at `https://localhost` with `clientTLS`.
    public static func start(
        workflows: [Workflow] = [], manualClock: Bool = false, directory: URL? = nil, clientTLS: ClientTLS = ClientTLS(),
        configure: (inout CoreSettings) -> Void = { _ in }
    ) async throws -> TestCore {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("rota-core-\(UUID().uuidString)")
        var settings = CoreSettings()
        settings.port = 0
        settings.databasePath = directory.appendingPathComponent("rota.db").path
        settings.timeZone = TimeZone(identifier: "UTC")!
        // A change waits as long as a test does to be stored, not 10 s: on a loaded machine a
        // test's request must not be answered 503 only because the store was slow.
        settings.saveTimeout = patience
        configure(&settings)
        let clock = manualClock ? ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)) : nil
        var logger = Logger(label: "rota.test")
        logger.logLevel = ProcessInfo.processInfo.environment["ROTA_TEST_LOG"] == nil ? .critical : .debug
        let core = try await Core.open(settings: settings, workflows: workflows, clock: clock ?? SystemClock(), logger: logger)
        let running = Task { try await core.run() }
        let port: Int
        do {
            port = try await core.port()
        } catch {
            await core.shutDown()
            _ = await running.result
            throw error
        }
        return TestCore(
            core: core, port: port, directory: directory, clock: clock, psk: settings.psk, clientTLS: settings.servesTLS ? clientTLS : nil,
            running: running)
    }

    private init(
        core: Core, port: Int, directory: URL, clock: ManualClock?, psk: String?, clientTLS: ClientTLS?, running: Task<Void, any Error>
    ) {
        self.core = core
        self.clientTLS = clientTLS
        self.port = port
        self.directory = directory
        self.clock = clock
        self.psk = psk
        self.running = running
    }

    public var baseURL: String { clientTLS == nil ? "http://127.0.0.1:\(port)" : "https://localhost:\(port)" }

    /// Runs `body` with a core that asks for tokens signed with `psk` (when given), reads its
    /// clock every `tickInterval`, so that timeouts are noticed quickly, and has whatever else
    /// `configure` sets; `workflows`, `manualClock`, `directory` and `clientTLS` are as `start`
    /// takes them. Stops the core afterwards and waits until it has stopped, however `body` ends:
    /// every test that starts a core stops it this way, so that no core outlives its test.
    @discardableResult
    public static func with<T>(
        workflows: [Workflow] = [], manualClock: Bool = false, directory: URL? = nil, clientTLS: ClientTLS = ClientTLS(),
        psk: String? = nil, tickInterval: Duration = .milliseconds(100), configure: (inout CoreSettings) -> Void = { _ in },
        _ body: (TestCore) async throws -> T
    ) async throws -> T {
        let core = try await start(workflows: workflows, manualClock: manualClock, directory: directory, clientTLS: clientTLS) { settings in
            settings.psk = psk
            settings.tickInterval = tickInterval
            configure(&settings)
        }
        return try await core.stopping(after: body)
    }

    /// Runs `body` with a core that serves TLS with `certificate` (by default `certificates.server`)
    /// and, with `requireClientCertificates`, asks every client for a certificate signed by the
    /// test authority; its clients trust the test authority and present `certificates.client`.
    @discardableResult
    public static func withTLS<T>(
        _ certificates: TestCertificates, certificate: TestCertificates.Pair? = nil, requireClientCertificates: Bool = false,
        psk: String? = nil, configure: (inout CoreSettings) -> Void = { _ in }, _ body: (TestCore) async throws -> T
    ) async throws -> T {
        let served = certificate ?? certificates.server
        let core = try await start(
            clientTLS: ClientTLS(
                certificateAuthorityPath: certificates.authority, certificatePath: certificates.client.certificate,
                keyPath: certificates.client.key)
        ) { settings in
            settings.psk = psk
            settings.tickInterval = .milliseconds(100)
            settings.tlsCertificatePath = served.certificate
            settings.tlsKeyPath = served.key
            settings.tlsClientCAPath = requireClientCertificates ? certificates.authority : nil
            configure(&settings)
        }
        return try await core.stopping(after: body)
    }

    /// Runs `body` with this core, then stops it, however `body` ends.
    private func stopping<T>(after body: (TestCore) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    /// Where clients and actors find this core, with its key (and, over TLS, `clientTLS`).
    public var connection: CoreConnection {
        CoreConnection(url: URL(string: baseURL)!, psk: psk, tls: clientTLS ?? ClientTLS())
    }

    /// This core's URL with `tls` instead of the test's own TLS settings.
    public func connection(tls: ClientTLS) -> CoreConnection {
        CoreConnection(url: URL(string: baseURL)!, psk: psk, tls: tls)
    }

    /// Shuts the core down gracefully and waits until it has stopped; a core that ends with an
    /// error, or does not stop within two minutes, fails the test.
    public func stop() async {
        await core.stop(running)
    }

    /// Moves the manual clock on and waits until the core has acted on it: every part that the
    /// move woke (the ticker, housekeeping) has done its work and waits on the clock again, so
    /// whatever the new time causes (a timeout, a cron run) has been handled when this returns.
    public func advanceClock(by seconds: TimeInterval) async throws {
        let clock = try #require(clock)
        try await eventually("the ticker to wait on the clock") { clock.sleeperCount > 0 }
        let waiting = clock.sleeperCount
        clock.advance(by: seconds)
        try await eventually("the core to act on the clock moved on by \(seconds) s", within: patience) { clock.sleeperCount >= waiting }
    }

    /// Connects an actor that subscribed to `messageTypes` first.
    public func actor(
        _ id: String, subscribesTo messageTypes: [String], waitForCompletion: Bool = true, timeout: Int? = nil
    ) async throws -> TestActor {
        for messageType in messageTypes {
            var query = "wait_for_completion=\(waitForCompletion)"
            if let timeout { query += "&timeout=\(timeout)" }
            let response = try await request(.POST, "/subscriber/\(id)/\(messageType)?\(query)")
            #expect(response.status == 200, "subscribing \(id) to \(messageType) was answered \(response.text)")
        }
        return try await TestActor.connect(port: port, id: id)
    }

    /// A client of this core; unless `signed` is false, it signs with the core's key.
    public func client(signed: Bool = true) -> CoreClient {
        CoreClient(port: port, psk: signed ? psk : nil, tls: try? clientTLS?.configuration())
    }

    /// A REST request; the body is JSON when given.
    public func request(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, headers: [(String, String)] = []) async throws -> APIResponse {
        try await client().request(method, path, json: json, headers: headers)
    }

    /// A REST request with a body of any type.
    public func request(_ method: HTTPMethod, _ path: String, body: String, contentType: String) async throws -> APIResponse {
        try await client().request(method, path, body: body, contentType: contentType)
    }

    /// Waits until the run has finished and returns its history entry.
    public func finishedRun(_ taskId: String, within seconds: Double = patience) async throws -> JSONValue {
        try await client().finishedRun(taskId, within: seconds)
    }

    /// Starts a workflow through the API and returns the new run's id.
    public func run(_ workflowId: String) async throws -> String {
        try await client().run(workflowId)
    }
}

/// An HTTP response as tests look at it.
public struct APIResponse {
    public let status: Int
    public let body: Data
    public let contentType: String?
    /// Every header, by name as sent.
    public var headers: [(name: String, value: String)] = []

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of the header `name`, in any letter case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: body)
    }
}

/// A test that cannot go on, with the reason.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
