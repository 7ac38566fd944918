import Foundation
import Logging
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// `rota db migrate` and `rota db copy` against PostgreSQL databases of the test server: a
/// stopped SQLite core's contents arrive whole and read the same through the store, a database
/// that holds rows or lacks a table is refused, and migrating is done once however often and
/// however many at a time.
@Suite struct DatabaseCommandTests {
    /// The workflow the filled core runs.
    static let deploy = TestWorkflows.sequence("deploy", ["build", "ship"])
    /// Resources in the filled core: more than one batch of the copy.
    static let resourceCount = 1500

    /// The SQLite file of a stopped core that holds a finished run with its log, a run still
    /// going, subscribers, a workflow and a job defined through the API, its audit trail and
    /// resources.
    static func filledDatabase() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-db-\(UUID().uuidString)")
        try await TestCore.with(workflows: [deploy], directory: directory) { core in
            let actor = try await core.actor("w1", subscribesTo: ["build", "ship"])
            #expect(try await core.request(.POST, "/subscriber/w2/report").status == 200)
            let finished = try await core.run("deploy")
            try actor.done(try await actor.nextAction())
            try actor.done(try await actor.nextAction())
            _ = try await core.finishedRun(finished)
            _ = try await core.run("deploy")
            _ = try await actor.nextAction()
            let files = try DefinitionFiles()
            let workflow = try files.write("nightly.yaml", DefinitionFileCommandTests.nightly)
            let job = try files.write("notify.json", DefinitionFileCommandTests.job)
            let applied = await Rota.run(["workflows", "apply", workflow, job], against: core)
            try #require(applied.status == 0, "\(applied)")
            try await core.merge((0..<resourceCount).map { ResourcesCommandTests.resource(String(format: "r-%04d", $0), tags: ["n": "\($0)"]) })
            _ = await actor.close()
        }
        return directory.appendingPathComponent("rota.db").path
    }

    static var logger: Logger {
        var logger = Logger(label: "rota.test.db")
        logger.logLevel = .critical
        return logger
    }

    @Test func aCopyHoldsWhatTheSQLiteCoreHeldAndReadsTheSame() async throws {
        let path = try await Self.filledDatabase()
        let url = try await TestPostgres.freshDatabaseURL()
        let copied = await Rota.run(["db", "copy", "--from", path, "--to", url])
        try #require(copied.status == 0, "\(copied)")
        #expect(copied.lines.first?.hasPrefix("TABLE") == true)
        #expect(copied.lines.contains { $0.split(separator: " ") == ["resource", "\(Self.resourceCount)", "\(Self.resourceCount)"] }, "\(copied)")
        let described = try PostgresURL(url).description
        #expect(copied.lines.last?.hasPrefix("copied ") == true && copied.lines.last?.hasSuffix("to \(described)") == true)
        #expect(copied.errors.contains("copied resource: \(Self.resourceCount) rows in "))

        let sqlite = try SQLiteStore(path: path)
        let postgres = try await PostgresStore.open(try PostgresURL(url), logger: Self.logger)
        defer { postgres.close() }
        #expect(try await postgres.subscribers().sorted { $0.id < $1.id } == (try await sqlite.subscribers().sorted { $0.id < $1.id }))
        let history = try await sqlite.history(HistoryQuery())
        #expect(history.count == 1)
        #expect(try await postgres.history(HistoryQuery()) == history)
        for entry in history {
            #expect(try await postgres.log(of: entry.taskId) == (try await sqlite.log(of: entry.taskId)))
        }
        let running = try await sqlite.runningTasks()
        #expect(running.count == 1)
        #expect(try await postgres.runningTasks().map(\.id) == running.map(\.id))
        #expect(try await postgres.workflowDefinitions() == (try await sqlite.workflowDefinitions()))
        #expect(try await postgres.jobDefinitions() == (try await sqlite.jobDefinitions()))
        #expect(try await postgres.auditEntries(AuditQuery()) == (try await sqlite.auditEntries(AuditQuery())))
        let now = Date()
        let everything = ResourceQuery(limit: ResourceQuery.maximumLimit)
        let resources = try await sqlite.resources(everything, now: now)
        #expect(resources.resources.count == Self.resourceCount)
        #expect(try await postgres.resources(everything, now: now) == resources)
    }

    @Test func aDatabaseThatHoldsRowsIsRefusedNamingATable() async throws {
        let path = try await Self.filledDatabase()
        let url = try await TestPostgres.freshDatabaseURL()
        let first = await Rota.run(["db", "copy", "--from", path, "--to", url])
        try #require(first.status == 0, "\(first)")
        let second = await Rota.run(["db", "copy", "--from", path, "--to", url])
        #expect(second.status == 1)
        #expect(second.errors.contains("is not empty: table ") && second.errors.contains(" holds rows"), "\(second)")
        #expect(second.output.isEmpty)
    }

    @Test func aSQLiteTableWithoutATwinIsNamedAndNothingIsCommitted() async throws {
        let path = try await Self.filledDatabase()
        let database = TestDatabase(directory: URL(fileURLWithPath: path).deletingLastPathComponent())
        try database.execute("CREATE TABLE stray_notes (note TEXT)")
        let url = try await TestPostgres.freshDatabaseURL()
        let refused = await Rota.run(["db", "copy", "--from", path, "--to", url])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("has no table stray_notes"), "\(refused)")
        try database.execute("DROP TABLE stray_notes")
        let copied = await Rota.run(["db", "copy", "--from", path, "--to", url])
        #expect(copied.status == 0, "\(copied)")
    }

    @Test func aMissingSourceFileIsAClearError() async throws {
        let url = try await TestPostgres.freshDatabaseURL()
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("rota-missing-\(UUID().uuidString).db").path
        let result = await Rota.run(["db", "copy", "--from", missing, "--to", url])
        #expect(result.status == 1)
        #expect(result.errors.contains("there is no SQLite database at \(missing)"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func aTargetThatIsNotPostgreSQLIsRefused() async {
        let result = await Rota.run(["db", "copy", "--from", "rota.db", "--to", "/tmp/other.db"])
        #expect(result.status == 64)
        #expect(result.errors.contains("--to: /tmp/other.db is not a PostgreSQL URL"), "\(result)")
    }

    @Test func migratingTwiceAppliesNothingTheSecondTimeAndNeverPrintsThePassword() async throws {
        let url = try await TestPostgres.freshDatabaseURL().replacingOccurrences(of: "postgres@", with: "postgres:hunter2@")
        let first = await Rota.run(["db", "migrate", "--db", url])
        #expect(first.status == 0, "\(first)")
        #expect(first.lines.contains("applied lease-v1"), "\(first)")
        #expect(first.lines.last?.hasSuffix(": \(first.lines.count - 1) changes applied") == true)
        let second = await Rota.run(["db", "migrate", "--db", url])
        #expect(second.status == 0, "\(second)")
        let described = try PostgresURL(url).description
        #expect(second.lines == ["\(described) is current: no change to apply"])
        #expect(second.lines.first?.contains("postgres:***@") == true)
        for result in [first, second] { #expect(!result.output.contains("hunter2") && !result.errors.contains("hunter2")) }
    }

    @Test func twoMigrationsAtOnceBothSucceedAndApplyEachChangeOnce() async throws {
        let url = try await TestPostgres.freshDatabaseURL()
        async let one = Rota.run(["db", "migrate", "--db", url])
        async let two = Rota.run(["db", "migrate", "--db", url])
        let results = await [one, two]
        for result in results { #expect(result.status == 0, "\(result)") }
        let applied = results.flatMap(\.lines).filter { $0.hasPrefix("applied ") }
        #expect(!applied.isEmpty)
        #expect(Set(applied).count == applied.count)
        #expect(results.contains { $0.lines.last?.hasSuffix("is current: no change to apply") == true })
    }

    @Test func migratingASQLiteFileCreatesItOnceAndThenFindsItCurrent() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rota-db-\(UUID().uuidString)/rota.db").path
        let first = await Rota.run(["db", "migrate", "--db", path])
        #expect(first.status == 0, "\(first)")
        #expect(first.lines.contains("applied subscribers-v1") && first.lines.contains("applied tasks-v1"), "\(first)")
        let second = await Rota.run(["db", "migrate", "--db", path])
        #expect(second.lines == ["\(path) is current: no change to apply"])
    }
}
