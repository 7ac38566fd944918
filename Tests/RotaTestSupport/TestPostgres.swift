import Foundation
import Logging
import PostgresNIO
import RotaSpawn
import Synchronization

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The PostgreSQL server of a test process, and a fresh empty database on it for each test that
/// asks. The server is started on first use by `scripts/postgres/test-server.sh` (which installs
/// PostgreSQL when it is missing) in a temporary directory, and stopped when the process exits;
/// should the process die instead, the script stops the server itself.
public enum TestPostgres {
    /// The server could not be started, or a database could not be made on it.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The server, started on first use; every caller shares its outcome.
    private static let server = Task<Server, any Error> { try await Server.start() }

    /// The directory of the running server, for stopping it at exit.
    private static let runningDirectory = Mutex<String?>(nil)

    /// A running server: where its files are and on which port it listens.
    struct Server: Sendable {
        let directory: URL
        let port: Int

        /// Starts the server through the script, tied to this process, and arranges for it to stop
        /// when the process exits.
        static func start() async throws -> Server {
            let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("rota-pg-\(UUID().uuidString.prefix(8).lowercased())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let output = try await PythonEnvironment.run(
                URL(fileURLWithPath: "/bin/bash"), [script, "start", directory.path, String(getpid())])
            guard output.status == 0 else {
                throw Failure(description: "the test PostgreSQL server did not start (\(script) exited with \(output.status)):\n\(output.stderr)")
            }
            let url = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let port = URLComponents(string: url)?.port else {
                throw Failure(description: "\(script) printed no server URL, but: \(url)")
            }
            runningDirectory.withLock { $0 = directory.path }
            atexit { TestPostgres.stopServer() }
            return Server(directory: directory, port: port)
        }
    }

    /// The script that starts and stops the server.
    public static let script = PythonEnvironment.repositoryRoot.appendingPathComponent("scripts/postgres/test-server.sh").path

    /// The URL of the server's `postgres` database, starting the server if it is not running yet.
    public static func serverURL() async throws -> String {
        "postgres://postgres@127.0.0.1:\(try await server.value.port)/postgres"
    }

    /// Creates a new empty database on the server (starting it first if need be) and returns its
    /// URL: `postgres://postgres@127.0.0.1:PORT/t_<random>`.
    /// Databases are made one at a time: each copies a template of several megabytes, and a
    /// hundred tests asking at once would starve the server and every other test of the machine.
    /// One that is not made within two minutes fails its test and lets the next one go.
    public static func freshDatabaseURL() async throws -> String {
        let port = try await server.value.port
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await creation.run {
            try await within(seconds: 120, "the test PostgreSQL server to create database \(name)") {
                try await withConnection(port: port) { connection, logger in
                    _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
                }
            }
        }
        return "postgres://postgres@127.0.0.1:\(port)/\(name)"
    }

    /// Lets one database creation run at a time.
    private static let creation = OneAtATime()

    /// Runs the operations given to it one after the other, in the order they arrived.
    actor OneAtATime {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
            if busy {
                await withCheckedContinuation { waiting.append($0) }
            } else {
                busy = true
            }
            defer {
                if waiting.isEmpty {
                    busy = false
                } else {
                    waiting.removeFirst().resume()
                }
            }
            return try await operation()
        }
    }

    /// Runs `body` with a connection to the server's `postgres` database, closed afterwards.
    static func withConnection<T>(
        port: Int, database: String = "postgres", _ body: (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "rota.test.postgres")
        logger.logLevel = .critical
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: "postgres", password: nil, database: database, tls: .disable)
        let connection = try await within(seconds: patience, "a connection to the test PostgreSQL server") { [logger] in
            try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        }
        // The connection is closed without waiting for the close to complete: a close that never
        // completes must not hold up the databases made one at a time after this one.
        defer { Task { try? await connection.close() } }
        return try await body(connection, logger)
    }

    /// Stops the server and removes its directory, waiting until the script is done; called as the
    /// process exits.
    static func stopServer() {
        guard let directory = runningDirectory.withLock({ $0 }) else { return }
        guard let pid = try? Spawn.start("/bin/bash", arguments: [script, "stop", directory]) else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        try? FileManager.default.removeItem(atPath: directory)
    }
}
