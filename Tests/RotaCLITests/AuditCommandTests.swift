import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `rota audit` against a real core: the changes made through the API as a table or JSON,
/// filtered by kind, time and count, and options that are refused before the core is asked.
@Suite struct AuditCommandTests {
    @Test func changesAreListedNewestFirstInATable() async throws {
        try await withCore { core in
            _ = await Rota.run(["jobs", "add", "nightly", "--schedule", "0 3 * * *", "--command", "workflows run cleanup"], against: core)
            _ = await Rota.run(["jobs", "update", "nightly", "--timeout", "45s"], against: core)
            let listed = await Rota.run(["audit"], against: core)
            #expect(listed.status == 0, "\(listed)")
            #expect(listed.lines.count == 3)
            let header = try #require(listed.lines.first)
            #expect(header.hasPrefix("ID  TIME") && header.contains("KIND  ACTION    TARGET   WHO        ADDRESS    CHANGE"))
            #expect(listed.lines[1].contains("job   replaced  nightly  anonymous  127.0.0.1  changed_keys=[\"timeout\"] previous_version=1 version=2"))
            #expect(listed.lines[2].contains("job   created   nightly  anonymous  127.0.0.1  version=1"))
            #expect(listed.lines[1].hasPrefix(" 2  ") && listed.lines[2].hasPrefix(" 1  "))
        }
    }

    @Test func kindLimitAndJSONPassToTheCore() async throws {
        try await withCore { core in
            _ = try await core.request(.POST, "/subscriber/w1/collect")
            _ = try await core.request(.PUT, "/workflows/collect/schedule", json: ["cron_expression": "5 * * * *"])
            _ = try await core.request(.POST, "/subscriber/w2/collect")
            let subscriptions = await Rota.run(["audit", "--kind", "subscription", "--limit", "1", "--json"], against: core)
            #expect(subscriptions.status == 0, "\(subscriptions)")
            let entries = try #require(try JSONValue(jsonText: subscriptions.output).arrayValue)
            #expect(entries.map { $0["target"] } == ["w2"])
            #expect(entries.first?["kind"] == "subscription")
            let schedule = await Rota.run(["audit", "--kind", "schedule"], against: core)
            #expect(schedule.lines.count == 2)
            #expect(schedule.lines[1].contains("schedule  set     collect") && schedule.lines[1].contains("after=5 * * * *"))
        }
    }

    @Test func timesBoundTheListingAndADateAloneIsItsMidnight() async throws {
        try await withCore { core in
            _ = try await core.request(.POST, "/subscriber/w1/collect")
            let future = await Rota.run(["audit", "--since", "2999-01-01"], against: core)
            #expect(future.status == 0)
            #expect(future.output == "no change matches\n")
            let past = await Rota.run(["audit", "--until", "2000-01-01T00:00:00Z"], against: core)
            #expect(past.output == "no change matches\n")
            let now = await Rota.run(["audit", "--since", "2000-01-01", "--until", "2999-01-01T00:00:00Z"], against: core)
            #expect(now.lines.count == 2)
        }
    }

    @Test(arguments: [
        (["--limit", "0"], "--limit must be from 1 to 1000"), (["--limit", "1001"], "--limit must be from 1 to 1000"),
        (["--since", "yesterday"], "--since \"yesterday\" is not an ISO-8601 time"),
        (["--until", "2026-02-30"], "--until \"2026-02-30\" is not an ISO-8601 time"),
        (["--since", "2026-11-24", "--until", "2026-11-23T12:00:00Z"], "--until must be later than --since"),
        (["--since", "2026-11-23", "--until", "2026-11-23"], "--until must be later than --since"),
    ])
    func badOptionsAreRefusedWithWhatToTypeInstead(arguments: [String], message: String) async {
        let result = await Rota.run(["audit"] + arguments + ["--core", "http://127.0.0.1:9"])
        #expect(result.status == 64)
        #expect(result.errors.contains(message), "\(result)")
    }

    @Test func anUnknownKindIsRefusedByTheCoreNamingTheKinds() async throws {
        try await withCore { core in
            let result = await Rota.run(["audit", "--kind", "spaceship"], against: core)
            #expect(result.status == 1)
            #expect(result.errors.contains("workflow, job, schedule, subscription, resource, run, set_aside"), "\(result)")
        }
    }

    @Test func helpTeachesTheKindsAndWhoIsWho() async {
        let result = await Rota.run(["audit", "--help"])
        #expect(result.status == 0)
        let help = (result.output + result.errors).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("rota audit --kind workflow --limit 20"))
        #expect(help.contains("token:SUBJECT for the subject (sub) of the caller's token"))
        #expect(help.contains("Kinds: workflow, job, schedule, subscription, resource, run, set_aside, config."))
    }
}
