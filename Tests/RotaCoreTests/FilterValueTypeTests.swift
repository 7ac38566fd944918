import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// A filter in a request body (`POST /resources/clean`, `POST /resources/aggregate`) is the
/// query string written as an object: a flag takes true or false, `tag` texts, the others texts
/// or numbers. Anything else is refused with the path of the parameter, never read as some text.
@Suite("Values of filters in request bodies")
struct FilterValueTypeTests {
    static let line = #"{"id": "i-1", "kind": "instance", "region": "eu-1", "ctime": "2026-01-01T00:00:00Z", "tags": {"env": "dev"}}"#

    @Test func aFilterValueThatIsNoTextNumberOrFlagIsRefusedWithItsPath() async throws {
        try await TestCore.with { core in
            let merge = try await core.request(.POST, "/resources/merge?cloud=test&account=prod", body: Self.line + "\n", contentType: "application/x-ndjson")
            #expect(merge.status == 200)
            let refused: [(JSONValue, String)] = [
                (["cloud": "test", "tag": [[:]]], "filter.tag"), (["kind": [["instance"]]], "filter.kind"),
                (["cloud": .null], "filter.cloud"), (["region": [:]], "filter.region"), (["tag": [false]], "filter.tag"),
                (["tag": 7], "filter.tag"), (["cloud": true], "filter.cloud"), (["expired": 1], "filter.expired"),
            ]
            for (filter, path) in refused {
                let aggregate = try await core.request(.POST, "/resources/aggregate", json: ["group_by": [], "metrics": ["count"], "filter": filter])
                #expect(aggregate.status == 400, "\(filter)")
                #expect(try aggregate.json()["path"]?.stringValue == path, "\(filter)")
                let clean = try await core.request(.POST, "/resources/clean", json: ["filter": filter, "reason": "typed"])
                #expect(clean.status == 400, "\(filter)")
                #expect(try clean.json()["path"]?.stringValue == path, "\(filter)")
            }
            #expect(try await core.request(.GET, "/resources?clean=true").json()["resources"] == [])

            let counted = try await core.request(.POST, "/resources/aggregate", json: ["group_by": ["kind"], "filter": ["tag": ["env=dev"], "cloud": "test"]])
            #expect(counted.status == 200)
            let byNumber = try await core.request(.POST, "/resources/aggregate", json: ["filter": ["account": [7, "prod"], "expired": false]])
            #expect(byNumber.status == 200, "an account id may be written as a number")
            let marked = try await core.request(.POST, "/resources/clean", json: ["filter": ["kind": ["instance"], "expired": false], "reason": "typed"])
            #expect(marked.status == 200)
            #expect(try marked.json()["marked"] == ["i-1"])
        }
    }
}
