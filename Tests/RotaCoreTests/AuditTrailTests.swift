import Foundation
import RotaAuth
@testable import RotaCore
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// The audit trail: every change made through the API is recorded once it has succeeded, with
/// the time, the caller's address and identity, and what changed; `GET /audit` lists it by kind
/// and time within bounds, and the history's retention prunes it.
@Suite("Audit trail")
struct AuditTrailTests {
    /// The entries `GET /audit` lists for `query`, newest first.
    static func entries(_ core: TestCore, _ query: String = "") async throws -> [JSONValue] {
        let response = try await core.request(.GET, "/audit" + query)
        #expect(response.status == 200, "\(response.text)")
        return try response.json().arrayValue ?? []
    }

    /// `kind action target` of each entry, oldest first: what the tests compare.
    static func summary(_ entries: [JSONValue]) -> [String] {
        entries.reversed().map { "\($0["kind"]?.stringValue ?? "?") \($0["action"]?.stringValue ?? "?") \($0["target"]?.stringValue ?? "-")" }
    }

    static let twoSteps: JSONValue = ["steps": [["name": "a", "action": ["message_type": "a"]], ["name": "b", "action": ["message_type": "b"]]]]

    @Test func definitionChangesAreRecordedWithVersionsAndChangedKeysButNotTheirText() async throws {
        try await TestCore.with { core async throws in
            #expect(try await core.request(.PUT, "/workflows/mine", json: Self.twoSteps).status == 201)
            #expect(try await core.request(.PUT, "/workflows/mine", json: Self.twoSteps).status == 200)
            var renamed = Self.twoSteps.objectValue ?? [:]
            renamed["name"] = "Mine"
            renamed["on_surpass"] = "Skip"
            #expect(try await core.request(.PUT, "/workflows/mine", json: .object(renamed)).status == 200)
            #expect(try await core.request(.DELETE, "/workflows/mine").status == 204)
            let entries = try await Self.entries(core)
            try #require(Self.summary(entries) == ["workflow created mine", "workflow replaced mine", "workflow deleted mine"])
            #expect(entries[2]["change"] == ["version": 1])
            #expect(entries[1]["change"] == ["version": 2, "previous_version": 1, "changed_keys": ["name", "on_surpass"]])
            #expect(entries[0]["change"] == ["version": 2])
            for entry in entries {
                #expect(entry["address"] == "127.0.0.1")
                #expect(entry["identity"] == "anonymous")
                #expect(entry["at"]?.stringValue.flatMap(Timestamp.date) != nil)
                #expect(entry["change"]?.jsonText.contains("message_type") == false)
            }
            #expect(entries.map { $0["id"]?.doubleValue ?? 0 } == entries.map { $0["id"]?.doubleValue ?? 0 }.sorted(by: >))
        }
    }

    @Test func jobChangesActivationAndRunsAreRecorded() async throws {
        try await TestCore.with { core async throws in
            let job: JSONValue = ["command": "events emit nothing", "trigger": ["message_type": "never"]]
            #expect(try await core.request(.PUT, "/jobs/quiet", json: job).status == 201)
            #expect(try await core.request(.POST, "/jobs/quiet/deactivate").status == 200)
            #expect(try await core.request(.POST, "/jobs/quiet/deactivate").status == 200)
            #expect(try await core.request(.POST, "/jobs/quiet/activate").status == 200)
            let run = try await core.request(.POST, "/jobs/quiet/run").json()
            let taskId = try #require(run["task_id"]?.stringValue)
            #expect(try await core.request(.DELETE, "/jobs/quiet").status == 204)
            let entries = try await Self.entries(core)
            try #require(
                Self.summary(entries) == [
                    "job created quiet", "job deactivated quiet", "job activated quiet", "run started \(taskId)", "job deleted quiet",
                ])
            #expect(entries[3]["change"] == ["version": 2])
            #expect(entries[2]["change"] == ["version": 3])
            #expect(entries[1]["change"] == ["workflow": "job.quiet", "status": "started"])
        }
    }

    @Test func schedulesAreRecordedWithTheExpressionBeforeAndAfter() async throws {
        try await TestCore.with { core async throws in
            #expect(try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": "5 * * * *"]).status == 200)
            #expect(try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": .null]).status == 200)
            #expect(try await core.request(.DELETE, "/workflows/collect/schedule").status == 200)
            let entries = try await Self.entries(core, "?kind=schedule")
            try #require(Self.summary(entries) == ["schedule set collect", "schedule set collect", "schedule reset collect"])
            let before = entries[2]["change"]?["before"]
            #expect(entries[2]["change"]?["after"] == "5 * * * *")
            #expect(entries[1]["change"] == ["before": "5 * * * *", "after": .null])
            #expect(entries[0]["change"] == ["before": .null, "after": before ?? .null])
        }
    }

    @Test func subscriptionsAreRecorded() async throws {
        try await TestCore.with { core async throws in
            #expect(try await core.request(.POST, "/subscriber/w1/collect?timeout=30&wait_for_completion=false").status == 200)
            let subscriptions: JSONValue = [["message_type": "collect"], ["message_type": "cleanup"]]
            #expect(try await core.request(.PUT, "/subscriber/w1", json: subscriptions).status == 200)
            #expect(try await core.request(.DELETE, "/subscriber/w1/cleanup").status == 200)
            #expect(try await core.request(.DELETE, "/subscriber/w1").status == 204)
            let entries = try await Self.entries(core)
            try #require(
                Self.summary(entries) == [
                    "subscription created w1", "subscription replaced w1", "subscription deleted w1", "subscription deleted w1",
                ])
            #expect(entries[3]["change"] == ["message_type": "collect", "wait_for_completion": false, "timeout": 30])
            #expect(entries[2]["change"] == ["message_types": ["collect", "cleanup"]])
            #expect(entries[1]["change"] == ["message_type": "cleanup"])
            #expect(entries[0]["change"] == ["message_type": .null])
        }
    }

    @Test func subscriptionsSentAgainUnchangedAreNotRecorded() async throws {
        try await TestCore.with { core async throws in
            let subscriptions: JSONValue = [["message_type": "collect"], ["message_type": "cleanup", "timeout": 30]]
            for _ in 0..<3 {
                #expect(try await core.request(.PUT, "/subscriber/w1", json: subscriptions).status == 200)
                #expect(try await core.request(.POST, "/subscriber/w2/collect?timeout=30").status == 200)
                #expect(try await core.request(.DELETE, "/subscriber/w2/never").status == 200)
            }
            #expect(try await core.request(.POST, "/subscriber/w2/collect?timeout=40").status == 200)
            #expect(try await core.request(.PUT, "/subscriber/w1", json: [["message_type": "collect"]]).status == 200)
            #expect(
                Self.summary(try await Self.entries(core)) == [
                    "subscription replaced w1", "subscription created w2", "subscription created w2", "subscription replaced w1",
                ])
        }
    }

    @Test func resourceMarksAndProtectionAreRecordedButMergesAreNot() async throws {
        try await TestCore.with { core async throws in
            let lines = [("a", "dev"), ("b", "dev"), ("c", "prod")].map { ResourceAPITests.line($0, tags: ["env": $1]) }
            #expect(try await ResourceAPITests.merge(lines, into: core).status == 200)
            #expect(try await core.request(.PATCH, "/resources/a", json: ["protected": true]).status == 200)
            #expect(try await core.request(.PATCH, "/resources/a", json: ["protected": false]).status == 200)
            #expect(try await core.request(.POST, "/resources/clean", json: ["filter": ["tag": "env=dev"], "reason": "dev goes"]).status == 200)
            #expect(try await core.request(.POST, "/resources/clean", json: ["ids": ["c", "zz"], "reason": "by hand"]).status == 200)
            let entries = try await Self.entries(core)
            try #require(Self.summary(entries) == ["resource protected a", "resource unprotected a", "resource marked -", "resource marked -"])
            #expect(entries[1]["change"] == ["reason": "dev goes", "filter": ["tag": "env=dev"], "marked": ["a", "b"], "count": 2])
            #expect(entries[0]["change"] == ["reason": "by hand", "filter": .null, "marked": ["c"], "count": 1])
        }
    }

    @Test func runsStartedAndStoppedThroughTheAPIAreRecorded() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("slow", "work")]) { core async throws in
            let actor = try await core.actor("worker", subscribesTo: ["work"])
            let taskId = try await core.run("slow")
            _ = try await actor.nextAction()
            let queued = try await core.request(.POST, "/workflows/slow/run")
            #expect(try queued.json()["status"] == "queued")
            #expect(try await core.request(.POST, "/tasks/\(taskId)/stop").status == 200)
            #expect(try await core.request(.POST, "/tasks/\(taskId)/stop").status == 409)
            let entries = try await Self.entries(core, "?kind=run")
            let queuedId = try #require(try queued.json()["task_id"]?.stringValue)
            try #require(Self.summary(entries) == ["run started \(taskId)", "run started \(queuedId)", "run stopped \(taskId)"])
            #expect(entries[2]["change"] == ["workflow": "slow", "status": "started"])
            #expect(entries[1]["change"] == ["workflow": "slow", "status": "queued"])
            await actor.close()
        }
    }

    @Test func refusedChangesAreNotRecorded() async throws {
        try await TestCore.with { core async throws in
            #expect(try await core.request(.PUT, "/workflows/broken", json: ["steps": []]).status == 400)
            #expect(try await core.request(.PUT, "/workflows/collect", json: Self.twoSteps).status == 403)
            #expect(try await core.request(.DELETE, "/workflows/nothing").status == 404)
            #expect(try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": "61 * * * *"]).status == 400)
            #expect(try await core.request(.POST, "/jobs/nothing/activate").status == 404)
            #expect(try await core.request(.POST, "/workflows/nothing/run").status == 404)
            #expect(try await core.request(.POST, "/tasks/nothing/stop").status == 404)
            #expect(try await core.request(.DELETE, "/subscriber/nobody").status == 404)
            #expect(try await core.request(.PATCH, "/resources/nothing", json: ["protected": true]).status == 404)
            #expect(try await core.request(.POST, "/resources/clean", json: ["filter": [:], "reason": "all"]).status == 400)
            #expect(try await core.request(.POST, "/resources/clean", json: ["ids": ["nothing"], "reason": "none there"]).status == 200)
            #expect(try await core.request(.POST, "/resources/clean", json: ["filter": ["cloud": "nowhere"], "reason": "none there"]).status == 200)
            #expect(try await Self.entries(core).isEmpty)
        }
    }

    @Test func theListingFiltersByKindAndTimeAndHonoursTheLimit() async throws {
        try await TestCore.with(manualClock: true) { core in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await core.request(.PUT, "/workflows/early", json: Self.twoSteps).status == 201)
            try await core.advanceClock(by: 600)
            #expect(try await core.request(.POST, "/subscriber/w1/collect").status == 200)
            try await core.advanceClock(by: 600)
            #expect(try await core.request(.PUT, "/workflows/late", json: Self.twoSteps).status == 201)
            let at = { (seconds: TimeInterval) in Timestamp.string(start.addingTimeInterval(seconds)) }
            #expect(Self.summary(try await Self.entries(core, "?kind=workflow")) == ["workflow created early", "workflow created late"])
            #expect(Self.summary(try await Self.entries(core, "?since=\(at(600))")) == ["subscription created w1", "workflow created late"])
            #expect(Self.summary(try await Self.entries(core, "?until=\(at(600))")) == ["workflow created early"])
            #expect(Self.summary(try await Self.entries(core, "?kind=workflow&since=\(at(1))&until=\(at(3600))")) == ["workflow created late"])
            #expect(Self.summary(try await Self.entries(core, "?limit=1")) == ["workflow created late"])
            #expect(try await Self.entries(core, "?kind=&since=&until=&limit=").count == 3)
        }
    }

    @Test(arguments: [
        ("kind=workflows", "kind"), ("kind=WORKFLOW", "kind"), ("since=yesterday", "since"), ("until=2026-13-01T00:00:00Z", "until"),
        ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=-1", "limit"), ("limit=ten", "limit"), ("limit=99999999999999999999", "limit"),
        ("since=2026-11-24T00:00:00Z&until=2026-11-23T00:00:00Z", "until"), ("since=2026-11-23T10:00:00Z&until=2026-11-23T10:00:00Z", "until"),
    ])
    func badParametersAreRefusedWithTheirName(query: String, path: String) async throws {
        try await TestCore.with { core async throws in
            let response = try await core.request(.GET, "/audit?\(query)")
            #expect(response.status == 400)
            let error = try response.json()
            #expect(error["error"] == "bad_request")
            #expect(error["path"]?.stringValue == path)
        }
    }

    @Test func aRefusalQuotesAtMostABoundedPartOfTheValue() async throws {
        try await TestCore.with { core async throws in
            let response = try await core.request(.GET, "/audit?kind=" + String(repeating: "k", count: 4000))
            #expect(response.status == 400)
            #expect(response.text.count < 1000)
        }
    }

    @Test func entriesOlderThanTheHistoryRetentionArePruned() async throws {
        try await TestCore.with(manualClock: true, configure: { settings in
            settings.historyRetention = 3600
        }) { core in
            #expect(try await core.request(.PUT, "/workflows/old", json: Self.twoSteps).status == 201)
            try await core.advanceClock(by: 1800)
            #expect(try await core.request(.PUT, "/workflows/newer", json: Self.twoSteps).status == 201)
            #expect(try await Self.entries(core).count == 2)
            try await core.advanceClock(by: 3600)
            try await eventually("the old entry leaves the audit trail") {
                Self.summary(try await Self.entries(core)) == ["workflow created newer"]
            }
        }
    }

    @Test func anUnreadableEntryIsSetAsideAndTheRestIsListed() async throws {
        try await TestCore.with { core async throws in
            #expect(try await core.request(.PUT, "/workflows/kept", json: Self.twoSteps).status == 201)
            let database = TestDatabase(directory: core.directory)
            try database.execute(
                """
                INSERT INTO audit_entry (id, at, kind, action, target, caller, change) VALUES (100, 1800000000, 'spaceship', 'created', 'x', 'psk', '{}');
                INSERT INTO audit_entry (id, at, kind, action, target, caller, change) VALUES (101, 1800000000, 'job', 'created', 'x', 'psk', 'not json');
                INSERT INTO audit_entry (id, at, kind, action, target, caller, change) VALUES (102, 1800000000, 'job', 'created', 'x', 'psk', '[1]');
                INSERT INTO audit_entry (id, at, kind, action, target, caller, change) VALUES (103, 'soon', 'job', 'created', 'x', 'psk', '{}');
                """)
            #expect(Self.summary(try await Self.entries(core)) == ["workflow created kept"])
            let setAside = try await core.request(.GET, "/system/set-aside").json().arrayValue ?? []
            #expect(setAside.filter { $0["kind"] == "audit" }.compactMap { $0["id"]?.stringValue }.sorted() == ["100", "101", "102", "103"])
            #expect(setAside.first { $0["id"] == "100" }?["reason"]?.stringValue?.contains("spaceship") == true)
        }
    }

    @Test func aSetAsideRecordForgottenIsRecorded() async throws {
        try await TestCore.with { core async throws in
            try TestDatabase(directory: core.directory).execute(
                "INSERT INTO audit_entry (id, at, kind, action, target, caller, change) VALUES (100, 1800000000, 'job', 'created', 'x', 'psk', '[1]')")
            #expect(try await Self.entries(core).isEmpty)
            #expect(try await core.request(.DELETE, "/system/set-aside/audit/100").status == 204)
            #expect(try await core.request(.DELETE, "/system/set-aside/audit/100").status == 404)
            let entries = try await Self.entries(core)
            #expect(Self.summary(entries) == ["set_aside deleted 100"])
            #expect(entries.first?["change"] == ["kind": "audit"])
            #expect(Self.summary(try await Self.entries(core, "?kind=set_aside")) == ["set_aside deleted 100"])
        }
    }

    @Test func theIdentityIsTheTokensSubjectOrPskWithAPreSharedKey() async throws {
        try await TestCore.with(psk: "audit secret") { core async throws in
            let signer = TokenSigner(key: PreSharedKey("audit secret"))
            let bearer = { (payload: [String: JSONValue]) in [("Authorization", "Bearer " + signer.token(payload: payload))] }
            #expect(try await core.request(.PUT, "/workflows/a", json: Self.twoSteps).status == 201)
            #expect(try await core.request(.PUT, "/workflows/b", json: Self.twoSteps, headers: bearer(["sub": "alice"])).status == 201)
            let long = String(repeating: "m", count: 5000)
            #expect(try await core.request(.PUT, "/workflows/c", json: Self.twoSteps, headers: bearer(["sub": .string(long)])).status == 201)
            #expect(try await core.request(.PUT, "/workflows/d", json: Self.twoSteps, headers: bearer(["sub": "eve\nworkflow created x"])).status == 201)
            #expect(try await core.request(.PUT, "/workflows/e", json: Self.twoSteps, headers: bearer(["sub": 42])).status == 201)
            #expect(try await core.client(signed: false).request(.PUT, "/workflows/f", json: Self.twoSteps).status == 401)
            let identities = try await Self.entries(core).reversed().map { $0["identity"]?.stringValue ?? "" }
            #expect(identities.count == 5)
            #expect(identities[0] == "psk")
            #expect(identities[1] == "token:alice")
            #expect(identities[2].count == 256)
            #expect(identities[2].hasPrefix("token:mmm") && identities[2].hasSuffix("…"))
            #expect(identities[3] == "token:eve?workflow created x")
            #expect(identities[4] == "psk")
        }
    }

    @Test func theIdentityIsTheClientCertificatesCommonNameOnMutualTLSBeforeTheToken() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true, psk: "audit secret") { core async throws in
            let token = TokenSigner(key: PreSharedKey("audit secret")).token(payload: ["sub": "alice"])
            #expect(try await core.request(.PUT, "/workflows/mine", json: Self.twoSteps, headers: [("Authorization", "Bearer " + token)]).status == 201)
            let entries = try await Self.entries(core)
            #expect(entries.map { $0["identity"] } == ["cert:rota-worker"])
            #expect(entries.first?["address"] == "127.0.0.1")
        }
    }

    @Test func aCertificateTheCoreDidNotAskForNamesNoOne() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core async throws in
            #expect(try await core.request(.PUT, "/workflows/mine", json: Self.twoSteps).status == 201)
            #expect(try await Self.entries(core).map { $0["identity"] } == ["anonymous"])
        }
    }

    @Test func aChangeIsBoundedInSize() async throws {
        try await TestCore.with { core async throws in
            let manyTags = Dictionary(uniqueKeysWithValues: (0..<40).map { ("t\($0)", String(repeating: "v", count: 300)) })
            let lines = (0..<30).map { ResourceAPITests.line("r\($0)", tags: ["env": "dev"]) } + [ResourceAPITests.line("tagged", tags: manyTags)]
            #expect(try await ResourceAPITests.merge(lines, into: core).status == 200)
            let reason = String(repeating: "why ", count: 1000)
            #expect(try await core.request(.POST, "/resources/clean", json: ["filter": ["tag": "env=dev"], "reason": .string(reason)]).status == 200)
            let tags = JSONValue.array((0..<40).map { .string("t\($0)=" + String(repeating: "v", count: 300)) })
            #expect(try await core.request(.POST, "/resources/clean", json: ["filter": ["tag": tags], "reason": "many tags"]).status == 200)
            let entries = try await Self.entries(core)
            let bounded = try #require(entries.last?["change"])
            #expect(bounded["reason"]?.stringValue?.count == 256)
            #expect(bounded["count"] == 30)
            #expect(bounded["marked"]?.arrayValue?.count == 21)
            #expect(bounded["marked"]?.arrayValue?.last == "… and 10 more")
            #expect(entries.first?["change"] == ["omitted": .string("the change takes \(Self.boundedTagsBytes) bytes; at most 4096 are kept")])
        }
    }

    /// The size of the change of a mark by 40 tags of 300 characters once each is cut to 256
    /// characters and the list to 20: what `aChangeIsBoundedInSize` expects to be omitted.
    static var boundedTagsBytes: Int {
        let tag = { (index: Int) in JSONValue.string(String(("t\(index)=" + String(repeating: "v", count: 300)).prefix(255)) + "…") }
        let change: JSONValue = [
            "reason": "many tags", "filter": ["tag": .array((0..<20).map(tag) + ["… and 20 more"])], "marked": ["tagged"], "count": 1,
        ]
        return change.jsonBytes.count
    }

    @Test func aChangeStoredWhenTheAuditTrailCannotBeWrittenSucceedsAndTheFailureIsLogged() async throws {
        let recorder = LogRecorder()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-audit-\(UUID().uuidString)")
        var settings = CoreSettings()
        settings.port = 0
        settings.databasePath = directory.appendingPathComponent("rota.db").path
        try await Core.open(settings: settings, logger: recorder.logger(level: .error)).serving { port in
            let client = CoreClient(port: port)
            try TestDatabase(directory: directory).execute(
                "CREATE TRIGGER no_audit BEFORE INSERT ON audit_entry BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            #expect(try await client.request(.PUT, "/workflows/mine", json: Self.twoSteps).status == 201)
            #expect(try await client.request(.GET, "/workflows/mine").status == 200)
            #expect(try await client.request(.GET, "/audit").json() == [])
            let errors = recorder.lines(at: .error).filter { $0.hasPrefix("the audit trail could not store a change") }
            #expect(errors.count == 1)
            #expect(errors.first?.contains("database or disk is full") == true)
            #expect(errors.first?.contains("target=mine") == true)
        }
    }

    @Test func aChangeKeepsTwentyMembersFourLevelsAndTextsOf256Scalars() {
        let wide = JSONValue.object(Dictionary(uniqueKeysWithValues: (10..<35).map { ("k\($0)", JSONValue.int(Int64($0))) }))
        let deep: JSONValue = ["a": ["b": ["c": [1, 2, 3], "d": ["e": 1]]]]
        let combining = String(repeating: "e\u{301}", count: 200)
        let bounded = AuditBounds.change(["wide": wide, "deep": deep, "accents": .string(combining)])
        let kept = bounded["wide"]?.objectValue ?? [:]
        #expect(kept.count == 21)
        #expect(kept["k29"] == 29 && kept["k30"] == nil)
        #expect(kept["…"] == "and 5 more")
        #expect(bounded["deep"] == ["a": ["b": ["c": "a list of 3", "d": "an object of 1"]]])
        let accents = bounded["accents"]?.stringValue ?? ""
        #expect(accents.unicodeScalars.count == 256 && accents.hasSuffix("…"))
    }

    @Test func theIdentityPrefersTheCertificateThenTheSubjectThenThePreSharedKey() {
        #expect(AuditCaller.identity(certificateName: "ops", tokenPayload: ["sub": "alice"]) == "cert:ops")
        #expect(AuditCaller.identity(certificateName: "", tokenPayload: ["sub": "alice"]) == "token:alice")
        #expect(AuditCaller.identity(certificateName: nil, tokenPayload: ["sub": ""]) == "psk")
        #expect(AuditCaller.identity(certificateName: nil, tokenPayload: [:]) == "psk")
        #expect(AuditCaller.identity(certificateName: nil, tokenPayload: nil) == "anonymous")
        #expect(AuditCaller.identity(certificateName: "a\u{7}b", tokenPayload: nil) == "cert:a?b")
        #expect(AuditCaller.identity(certificateName: nil, tokenPayload: ["sub": "\u{202E}ecila"]) == "token:?ecila")
        #expect(AuditCaller.identity(certificateName: nil, tokenPayload: ["sub": "eve\u{2028}job created x\u{2029}"]) == "token:eve?job created x?")
        #expect(AuditBounds.text("a\u{200B}b\u{2066}c") == "a?b?c")
    }
}
