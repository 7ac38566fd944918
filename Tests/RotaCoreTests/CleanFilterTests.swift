import Foundation
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

/// A cleanup never marks every resource: `POST /resources/clean` and the `resources clean`
/// command both refuse a filter that sets no condition, by one rule (`ResourceFilter.isEmpty`).
@Suite("A cleanup needs a filter that sets a condition")
struct CleanFilterTests {
    static let emptyFilters: [JSONValue] = [[:], ["kind": []], ["cloud": []]]

    static func line(_ id: String, kind: String) -> String {
        "{\"id\": \"\(id)\", \"kind\": \"\(kind)\", \"region\": \"eu-1\", \"ctime\": \"2026-01-01T00:00:00Z\"}"
    }

    static func markedIds(in core: TestCore) async throws -> [String] {
        let page = try await core.request(.GET, "/resources?clean=true").json()
        return page["resources"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func theRouteRefusesAnEmptyFilterNamingItAndMarksNothing() async throws {
        try await TestCore.with { core in
            let lines = [Self.line("i-1", kind: "instance"), Self.line("v-1", kind: "volume")].joined(separator: "\n") + "\n"
            #expect(try await core.request(.POST, "/resources/merge?cloud=test&account=prod", body: lines, contentType: "application/x-ndjson").status == 200)

            for filter in Self.emptyFilters {
                let response = try await core.request(.POST, "/resources/clean", json: ["filter": filter, "reason": "everything"])
                #expect(response.status == 400, "filter \(filter)")
                let error = try response.json()
                #expect(error["path"] == "filter", "filter \(filter)")
                #expect(error["message"]?.stringValue?.contains("never marks every resource") == true, "filter \(filter)")
            }
            #expect(try await Self.markedIds(in: core) == [])

            let narrowest = try await core.request(.POST, "/resources/clean", json: ["filter": ["kind": ["volume"]], "reason": "volumes"])
            #expect(narrowest.status == 200)
            #expect(try narrowest.json()["marked"] == ["v-1"])
            #expect(try await Self.markedIds(in: core) == ["v-1"])
        }
    }

    @Test func theCommandRefusesAFilterWithoutConditionAndTakesOneCondition() throws {
        #expect(throws: OperationError.self) { try Operation(parsing: "resources clean --reason everything") }
        let operation = try Operation(parsing: "resources clean kind=volume --reason volumes")
        #expect(operation == .cleanResources(ResourceFilter(kinds: ["volume"]), reason: "volumes"))
    }

    @Test func aFilterIsEmptyWhenItSetsNoCondition() throws {
        #expect(ResourceFilter().isEmpty)
        #expect(try ResourceFilter(parameters: ["kind": [], "cloud": []]).isEmpty)
        #expect(try !ResourceFilter(parameters: ["expired": ["false"]]).isEmpty)
        #expect(!ResourceFilter(tags: [try ResourceTagFilter(parsing: "env=dev")]).isEmpty)
    }
}
