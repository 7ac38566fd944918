import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaModel
import RotaStore
import RotaTestSupport
import Synchronization
import Testing

/// While the database takes no writes, requests that wait for their change to be stored are
/// answered 503 within the save timeout, the core says it is not ready, and nothing that was not
/// stored shows; once writes work again, everything goes on.
@Suite("A failing store")
struct FailingStoreTests {
    /// Runs `body` with a core with a short save timeout whose database refuses writes until the
    /// test allows them; the core is stopped afterwards, however `body` ends.
    private static func withFailingSaves(workflows: [Workflow] = [], _ body: (TestCore, TestDatabase) async throws -> Void) async throws {
        try await TestCore.with(
            workflows: workflows,
            configure: { settings in
                settings.saveTimeout = 1
                settings.tickInterval = .milliseconds(100)
            }
        ) { core in
            let database = TestDatabase(directory: core.directory)
            try database.refuseWrites(reason: "disk full in this test")
            try await body(core, database)
        }
    }

    @Test func aRunThatCannotBeStoredIsAnswered503WithinTheSaveTimeoutAndTheCoreIsNotReadyUntilSavesWork() async throws {
        try await Self.withFailingSaves(workflows: [TestWorkflows.single("wf", "work")]) { core, database in
            let began = ContinuousClock.now
            let refused = try await core.request(.POST, "/workflows/wf/run")
            #expect(refused.status == 503)
            // The answer comes after the save timeout (1 s), not never; the bound is loose because
            // the tests of the whole suite share the machine.
            #expect(ContinuousClock.now - began < .seconds(30))
            #expect(try refused.json()["error"] == "store_unavailable")
            #expect(try refused.json()["message"]?.stringValue?.contains("disk full in this test") == true)
            let notReady = try await core.request(.GET, "/system/ready")
            #expect(notReady.status == 503)
            #expect(try notReady.json()["message"]?.stringValue?.contains("the last save failed") == true)

            try database.allowWrites()
            try await eventually("the core is ready again") { try await core.request(.GET, "/system/ready").status == 200 }
            try await eventually("the run started while saves failed is in the history") {
                try await core.request(.GET, "/history?workflow=wf").json().arrayValue?.count == 1
            }
            // A save on a busy machine can outlast the 1 s save timeout of this test, which answers
            // 503 again; what must hold is that runs are taken again once writes work.
            try await eventually("a new run is taken once writes work", within: 60) {
                try await core.request(.POST, "/workflows/wf/run").status == 200
            }
        }
    }

    @Test func aSubscriptionChangeThatCannotBeStoredIsRefusedAndChangesNothing() async throws {
        try await Self.withFailingSaves { core, database in
            let refused = try await core.request(.POST, "/subscriber/x/collect")
            #expect(refused.status == 503)
            #expect(try refused.json()["message"]?.stringValue?.contains("disk full in this test") == true)
            #expect(try await core.request(.GET, "/subscriber/x").status == 404)

            try database.allowWrites()
            #expect(try await core.request(.POST, "/subscriber/x/collect").status == 200)
            try database.refuseWrites(reason: "disk full in this test")
            #expect(try await core.request(.POST, "/subscriber/x/cleanup").status == 503)
            #expect(try await core.request(.DELETE, "/subscriber/x").status == 503)
            #expect(try await core.request(.GET, "/subscriber/x").json()["subscriptions"]?.objectValue?.keys.sorted() == ["collect"])

            try database.allowWrites()
            #expect(try await core.request(.POST, "/subscriber/x/cleanup").status == 200)
            #expect(try await core.request(.GET, "/subscriber/x").json()["subscriptions"]?.objectValue?.keys.sorted() == ["cleanup", "collect"])
        }
    }

    @Test func aDefinitionThatCannotBeStoredIsRefusedWith503AndIsNotDefined() async throws {
        try await Self.withFailingSaves { core, database in
            let refused = try await core.request(.PUT, "/workflows/mine", json: ["steps": [["name": "a", "action": ["message_type": "a"]]]])
            #expect(refused.status == 503)
            #expect(try refused.json()["error"] == "store_unavailable")
            #expect(try await core.request(.GET, "/workflows/mine").status == 404)
            try database.allowWrites()
            #expect(try await core.request(.PUT, "/workflows/mine", json: ["steps": [["name": "a", "action": ["message_type": "a"]]]]).status == 201)
        }
    }

    @Test func cancellingTheFlushLoopEndsItWhileSavesFailAndACancelledWaitEndsAtOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-failing-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FailingTaskStore(try SQLiteStore(path: directory.appendingPathComponent("rota.db").path))
        let metrics = CoreMetrics()
        var logger = Logger(label: "rota.test")
        logger.logLevel = .critical
        let handler = TaskHandler(
            store: store, bus: MessageBus(queueLength: 100, metrics: metrics), clock: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)),
            timeZone: TimeZone(identifier: "UTC")!, metrics: metrics, commandRunner: NoCommandsRun(), logger: logger, saveTimeout: .seconds(60))
        let subscribers = SubscriberDirectory([Subscriber(id: "a", subscriptions: [Subscription(messageType: "work", timeout: 60)])])
        try await handler.load(workflows: [Versioned(TestWorkflows.single("w", "work"), version: 1)], subscribers: subscribers)
        store.refuseSaves()
        let flushEnded = Flag()
        let flushing = Task {
            await handler.runFlushLoop()
            flushEnded.raise()
        }

        let waitEnded = Flag()
        let waiting = Task {
            defer { waitEnded.raise() }
            return try await handler.start("w", reason: "test")
        }
        try await eventually("a save is tried") { store.saveAttempts >= 1 }
        waiting.cancel()
        try await eventually("the cancelled wait ends", within: 5) { waitEnded.isRaised }
        await #expect(throws: StartRefusal.self) { try await waiting.value }

        flushing.cancel()
        try await eventually("the cancelled flush loop ends", within: 5) { flushEnded.isRaised }
    }

    @Test func theSaveTimeoutIsASettingOfWholeDurations() throws {
        let settings = try CoreConfiguration.resolve(flags: ["save_timeout": "1s"], environment: ["ROTA_SAVE_TIMEOUT": "30s"], file: nil)
        #expect(settings.saveTimeout == 1)
        #expect(try CoreConfiguration.resolve(flags: [:], environment: ["ROTA_SAVE_TIMEOUT": "2m"], file: nil).saveTimeout == 120)
        #expect(CoreSettings().saveTimeout == 10)
        #expect(throws: ConfigurationError.self) { try CoreConfiguration.resolve(flags: ["save_timeout": "0"], environment: [:], file: nil) }
    }
}

/// Something that happened, told across tasks.
private final class Flag: Sendable {
    private let raised = Mutex(false)

    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}

/// Runs no command: the workflows of these tests have none.
private struct NoCommandsRun: CommandRunner {
    func run(_ command: String, in context: CommandContext) async -> CommandResult {
        .failure("no commands in this test")
    }
}
