import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `rota resources list|show|protect|unprotect` against a real core with an inventory.
@Suite struct ResourcesCommandTests {
    static func resource(_ id: String, kind: String = "instance", region: String = "eu-west-1", tags: [String: String] = [:]) -> JSONValue {
        [
            "id": .string(id), "kind": .string(kind), "name": .string("name-\(id)"), "region": .string(region),
            "tags": .object(tags.mapValues(JSONValue.string)), "ctime": "2026-01-01T00:00:00Z",
        ]
    }

    @Test func resourcesAreListedByFilter() async throws {
        try await withCore { core in
            try await core.merge([
                Self.resource("vm-1", tags: ["env": "dev", "rota:expiration": "1d"]), Self.resource("vm-2", tags: ["env": "prod"]),
                Self.resource("vol-1", kind: "volume", region: "us-east-1", tags: ["env": "dev"]),
            ])
            let all = await Rota.run(["resources", "list"], against: core)
            #expect(all.status == 0, "\(all)")
            #expect(all.lines.first == "ID     KIND      NAME        CLOUD    ACCOUNT  REGION     EXPIRES               STATE")
            #expect(all.lines.dropFirst().map { String($0.prefix(5)) } == ["vm-1 ", "vm-2 ", "vol-1"])
            #expect(all.lines[1].contains("2026-01-02 00:00:00Z"))
            #expect(all.errors.isEmpty)

            let dev = await Rota.run(["resources", "list", "--tag", "env=dev", "--kind", "instance"], against: core)
            #expect(dev.lines.count == 2)
            #expect(dev.lines[1].hasPrefix("vm-1 "))

            let expired = await Rota.run(["resources", "list", "--expired", "--json"], against: core)
            let page = try JSONValue(jsonText: expired.output)
            #expect(page["resources"]?.arrayValue?.map { $0["id"] } == ["vm-1"])
            #expect(page["next"] == .null)

            let none = await Rota.run(["resources", "list", "--region", "mars-1"], against: core)
            #expect(none.output == "no resource matches\n")

            let badTag = await Rota.run(["resources", "list", "--tag", "=x"], against: core)
            #expect(badTag.status == 64)
            #expect(badTag.errors.contains("--tag: \"=x\" names no tag"))
        }
    }

    @Test func listingFollowsThePagesUpToTheLimit() async throws {
        try await withCore { core in
            try await core.merge((0..<1500).map { Self.resource(String(format: "r-%04d", $0)) })
            let limited = await Rota.run(["resources", "list", "--limit", "1200", "--json"], against: core)
            #expect(limited.status == 0, "\(limited.errors)")
            let page = try JSONValue(jsonText: limited.output)
            let ids = page["resources"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.count == 1200)
            #expect(ids.first == "r-0000" && ids.last == "r-1199")
            #expect(Set(ids).count == 1200)
            #expect(page["next"] != .null)

            let all = await Rota.run(["resources", "list", "--limit", "5000"], against: core)
            #expect(all.lines.count == 1501)
            #expect(all.errors.isEmpty)

            let short = await Rota.run(["resources", "list", "--limit", "10"], against: core)
            #expect(short.lines.count == 11)
            #expect(short.errors == "more resources match; show more with --limit 100 or narrow the filter\n")
        }
    }

    @Test func aResourceIsShownProtectedAndUnprotected() async throws {
        try await withCore { core in
            try await core.merge([Self.resource("vm-1", tags: ["owner": "ops"])])
            let shown = await Rota.run(["resources", "show", "vm-1"], against: core)
            #expect(shown.status == 0, "\(shown)")
            #expect(shown.lines.prefix(2) == ["id: vm-1", "name: name-vm-1"])
            #expect(shown.output.contains("metadata:\n"))
            #expect(shown.output.contains("  protected: false\n"))
            #expect(shown.output.contains("tags:\n  owner: ops\n"))

            let protected = await Rota.run(["resources", "protect", "vm-1"], against: core)
            #expect(protected.output == "protected resource vm-1\n")
            let listed = await Rota.run(["resources", "list", "--protected", "true"], against: core)
            #expect(listed.lines.count == 2)
            #expect(listed.lines[1].hasSuffix("protected"))

            let unprotected = await Rota.run(["resources", "unprotect", "vm-1", "--json"], against: core)
            #expect(try JSONValue(jsonText: unprotected.output)["metadata"]?["protected"] == false)
            let none = await Rota.run(["resources", "list", "--protected", "true"], against: core)
            #expect(none.output == "no resource matches\n")

            let unknown = await Rota.run(["resources", "protect", "vm-9"], against: core)
            #expect(unknown.status == 1)
            #expect(unknown.errors.contains("no resource has the id \"vm-9\""))
        }
    }
}
