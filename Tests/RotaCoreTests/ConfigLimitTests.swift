import Foundation
import NIOHTTP1
import RotaModel
import RotaStore
import RotaTestSupport
import Testing

/// Every part of a configuration a client controls is bounded: its id, its size, its shape, and
/// how many the core keeps; a stored row the core cannot read is set aside, never in the way.
@Suite("Configuration limits")
struct ConfigLimitTests {
    static let small: JSONValue = ["section": ["key": "value"]]

    @Test func anIdIsOneTo128LettersDigitsDotsDashesOrUnderscores() async throws {
        try await TestCore.with { core async throws in
            let longest = String(repeating: "a", count: ConfigLimits.idLength)
            #expect(try await core.request(.PUT, "/config/\(longest)", json: Self.small).status == 200)
            #expect(try await core.request(.PUT, "/config/Fix_worker-2.a", json: Self.small).status == 200)
            for refused in [longest + "a", "fix%20worker", "fix%2Fworker", "fix%C3%A9", "fix:worker"] {
                for (method, json) in [(HTTPMethod.PUT, Optional(Self.small)), (.GET, nil), (.DELETE, nil)] {
                    let answer = try await core.request(method, "/config/\(refused)", json: json)
                    #expect(answer.status == 400, "\(method) \(refused): \(answer.text)")
                    #expect(try answer.json()["path"] == "id")
                }
            }
            #expect(try await core.request(.GET, "/configs").json().arrayValue?.count == 2)
        }
    }

    @Test func aConfigurationLargerThanOneMebibyteIsRefused() async throws {
        try await TestCore.with { core async throws in
            let filler = String(repeating: "x", count: ConfigLimits.configBytes)
            let answer = try await core.request(.PUT, "/config/big", json: ["section": .string(filler)])
            #expect(answer.status == 413)
            #expect(try answer.json()["error"] == "body_too_large")
            let fits = String(repeating: "x", count: ConfigLimits.configBytes - 100)
            #expect(try await core.request(.PUT, "/config/big", json: ["section": .string(fits)]).status == 200)
        }
    }

    @Test func aSmallerMaxBodySizeBoundsConfigurationsAndTheModel() async throws {
        try await TestCore.with(configure: { $0.maxBodySize = 4096 }) { core async throws in
            let filler = String(repeating: "x", count: 5000)
            #expect(try await core.request(.PUT, "/config/big", json: ["section": .string(filler)]).status == 413)
            #expect(try await core.request(.PATCH, "/configs/model", json: [["fqn": .string(filler)]]).status == 413)
            #expect(try await core.request(.PATCH, "/configs/model", json: [["fqn": "fixworker"]]).status == 200)
        }
    }

    @Test func aConfigurationIsAJSONObject() async throws {
        try await TestCore.with { core async throws in
            for body in [#"["a"]"#, #""text""#, "42", "null", "{", ""] {
                let answer = try await core.request(.PUT, "/config/fix.worker", body: body, contentType: "application/json")
                #expect(answer.status == 400, "\(body): \(answer.text)")
            }
            #expect(try await core.request(.GET, "/configs").json() == [])
        }
    }

    @Test func aNewConfigurationBeyondTheLimitIsRefusedButStoredOnesStillChange() async throws {
        try await TestCore.with { core async throws in
            let database = TestDatabase(directory: core.directory)
            for index in 0..<(ConfigLimits.configs - 1) {
                try database.execute("INSERT INTO config (id, config, revision) VALUES (?, '{}', 'r')", arguments: ["filler\(index)"])
            }
            #expect(try await core.request(.PUT, "/config/last", json: Self.small).status == 200)
            let refused = try await core.request(.PUT, "/config/one.more", json: Self.small)
            #expect(refused.status == 429)
            #expect(try refused.json()["error"] == "too_many_configs")
            #expect(try refused.json()["message"]?.stringValue?.contains("\(ConfigLimits.configs)") == true)
            #expect(try await core.request(.PUT, "/config/last", json: ["section": ["key": "changed"]]).status == 200)
            #expect(try await core.request(.DELETE, "/config/filler0").status == 204)
            #expect(try await core.request(.PUT, "/config/one.more", json: Self.small).status == 200)
        }
    }

    @Test func anUnreadableStoredConfigurationIsSetAsideAndTheCoreStarts() async throws {
        let directory = try await TestCore.with { core async throws in
            #expect(try await core.request(.PUT, "/config/fix.worker", json: Self.small).status == 200)
            return core.directory
        }
        try TestDatabase(directory: directory).execute(
            """
            INSERT INTO config (id, config, revision) VALUES ('broken', '{"section": ', 'r1');
            INSERT INTO config (id, config, revision) VALUES ('a.list', '[1, 2]', 'r2');
            """)
        try await TestCore.with(directory: directory) { core async throws in
            #expect(try await core.request(.GET, "/config/fix.worker").json() == Self.small)
            #expect(try await core.request(.GET, "/configs").json() == ["fix.worker"])
            #expect(try await core.request(.GET, "/config/broken").status == 404)
            #expect(try await core.request(.GET, "/config/a.list").status == 404)
            let records = try await core.request(.GET, "/system/set-aside").json().arrayValue ?? []
            #expect(records.map { "\($0["kind"]?.stringValue ?? "?") \($0["id"]?.stringValue ?? "?")" }.sorted() == ["config a.list", "config broken"])
            #expect(try await core.request(.PUT, "/config/broken", json: Self.small).status == 200)
            #expect(try await core.request(.GET, "/config/broken").json() == Self.small)
        }
    }
}
