import Foundation
import PostgresNIO
import RotaSpawn
import RotaTestSupport
import Testing

/// The test PostgreSQL server: each test gets an empty database of its own on a server that only
/// loopback reaches, and no server outlives the process it belongs to.
@Suite struct TestPostgresTests {
    @Test func eachFreshDatabaseIsEmptyAndSeparate() async throws {
        let first = try await TestPostgres.freshDatabaseURL()
        let second = try await TestPostgres.freshDatabaseURL()
        #expect(first != second)
        #expect(first.hasPrefix("postgres://postgres@127.0.0.1:"))

        try await Self.query(first, "CREATE TABLE kept (id BIGINT)")
        try await Self.query(first, "INSERT INTO kept VALUES (7)")
        #expect(try await Self.strings(first, "SELECT id::text FROM kept") == ["7"])
        #expect(try await Self.strings(second, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'") == [])
    }

    @Test func theServerListensOnLoopbackWithoutSyncingAndTakesManyConnections() async throws {
        let url = try await TestPostgres.serverURL()
        #expect(try await Self.strings(url, "SHOW listen_addresses") == ["127.0.0.1"])
        #expect(try await Self.strings(url, "SHOW fsync") == ["off"])
        #expect(try await Self.strings(url, "SHOW max_connections") == ["300"])
        let rules = try await Self.strings(url, "SELECT type || ' ' || coalesce(address, '') || ' ' || auth_method FROM pg_hba_file_rules")
        #expect(Set(rules) == ["local  trust", "host 127.0.0.1 trust", "host ::1 trust"])
    }

    @Test func aServerStopsWhenTheProcessItBelongsToEnds() async throws {
        try await ScriptServer.with { server in
            let owner = try SpawnedProcess("/bin/sleep", arguments: ["600"])
            try await server.start(owner: owner.id)
            #expect(server.isRunning)
            owner.signal(SIGKILL)
            await owner.waitUntilExit()
            try await eventually("the watcher to stop the server and forget it", within: 60) { !server.isRunning && server.records.isEmpty }
        }
    }

    @Test func aLaterStartStopsTheServersWhoseProcessDiedWithTheirWatcher() async throws {
        try await ScriptServer.with { server in
            let owner = try SpawnedProcess("/bin/sleep", arguments: ["600"])
            try await server.start(owner: owner.id)
            #expect(server.records.count == 1)
            kill(try server.watcherID(), SIGKILL)
            owner.signal(SIGKILL)
            await owner.waitUntilExit()
            #expect(server.isRunning)

            try await ScriptServer.with(registry: server.registry) { later in
                try await later.start(owner: getpid())
                #expect(!server.isRunning)
                #expect(!FileManager.default.fileExists(atPath: server.directory.path))
                #expect(later.records.count == 1)
                try await later.stop()
                #expect(!later.isRunning)
                #expect(later.records.isEmpty)
            }
        }
    }

    @Test func stopStopsTheServer() async throws {
        try await ScriptServer.with { server in
            let url = try await server.start(owner: getpid())
            #expect(try await Self.strings(url, "SELECT 1::text") == ["1"])
            try await server.stop()
            #expect(!server.isRunning)
            await #expect(throws: (any Error).self) { try await Self.strings(url, "SELECT 1::text") }
        }
    }

    @Test func aDirectoryThatHoldsAServerIsRefused() async throws {
        try await ScriptServer.with { server in
            try await server.start(owner: getpid())
            let again = try await server.run(["start", server.directory.path, String(getpid())])
            #expect(again.status == 1)
            #expect(again.stderr.contains("already holds a server"))
            try await server.stop()
        }
    }

    /// Runs one statement on the database at `url`.
    static func query(_ url: String, _ sql: String) async throws {
        _ = try await strings(url, sql)
    }

    /// The first column of every row `sql` answers on the database at `url`, as text.
    static func strings(_ url: String, _ sql: String) async throws -> [String] {
        let components = try #require(URLComponents(string: url))
        var logger = Logger(label: "rota.test.postgres")
        logger.logLevel = .critical
        let configuration = PostgresConnection.Configuration(
            host: try #require(components.host), port: try #require(components.port), username: "postgres", password: nil,
            database: String(components.path.dropFirst()), tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            var answers: [String] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String?.self) {
                answers.append(value ?? "")
            }
            try await connection.close()
            return answers
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// One server started through `scripts/postgres/test-server.sh` with a registry of its own, so
/// that what the test does to it touches no other server on the machine.
private struct ScriptServer {
    let directory: URL
    let registry: URL

    /// Runs `body` with a server directory (not started yet), then stops whatever runs there and
    /// removes it, however `body` ends.
    static func with(registry: URL? = nil, _ body: (ScriptServer) async throws -> Void) async throws {
        let base = URL(fileURLWithPath: "/tmp").appendingPathComponent("rota-pgt-\(UUID().uuidString.prefix(8).lowercased())")
        let server = ScriptServer(directory: base.appendingPathComponent("server"), registry: registry ?? base.appendingPathComponent("registry"))
        try FileManager.default.createDirectory(at: server.directory, withIntermediateDirectories: true)
        do {
            try await body(server)
        } catch {
            _ = try? await server.run(["stop", server.directory.path])
            try? FileManager.default.removeItem(at: base)
            throw error
        }
        _ = try? await server.run(["stop", server.directory.path])
        try? FileManager.default.removeItem(at: base)
    }

    /// Runs the script with `arguments` and this server's registry.
    func run(_ arguments: [String]) async throws -> PythonEnvironment.Output {
        try await PythonEnvironment.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["ROTA_TEST_POSTGRES_REGISTRY=\(registry.path)", "bash", TestPostgres.script] + arguments)
    }

    /// Starts the server, tied to process `owner`; returns its URL.
    @discardableResult
    func start(owner: pid_t) async throws -> String {
        let output = try await run(["start", directory.path, String(owner)])
        try #require(output.status == 0, "\(output.stderr)")
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server.
    func stop() async throws {
        let output = try await run(["stop", directory.path])
        try #require(output.status == 0, "\(output.stderr)")
    }

    /// Whether the server runs: its postmaster removes its pid file as it ends.
    var isRunning: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/postmaster.pid").path)
    }

    /// The process id of the server's watcher.
    func watcherID() throws -> pid_t {
        let text = try String(contentsOf: directory.appendingPathComponent("watcher.pid"), encoding: .utf8)
        return try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The servers the registry records as running.
    var records: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: registry.path)) ?? []).filter { $0.hasPrefix("server-") }
    }
}
