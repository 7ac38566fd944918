import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// `POST /resources/aggregate` takes an object `{group_by, metrics, filter}`, as the OpenAPI
/// document says; a body of another JSON type is refused rather than read as "count everything".
@Suite struct AggregateRequestTests {
    @Test(arguments: ["[null, null]", "[]", "\"count\"", "7", "null"])
    func aBodyThatIsNotAnObjectIsRefused(body: String) async throws {
        try await TestCore.with { core in
            let response = try await core.request(.POST, "/resources/aggregate", body: body, contentType: "application/json")
            #expect(response.status == 400)
            let error = try response.json()
            #expect(error["error"] == "bad_request")
            #expect(error["message"]?.stringValue?.contains("group_by") == true)
        }
    }

    @Test func anEmptyObjectCountsEveryResource() async throws {
        try await TestCore.with { core in
            let response = try await core.request(.POST, "/resources/aggregate", body: "{}", contentType: "application/json")
            #expect(response.status == 200)
            #expect(try response.json() == [["group": [:], "values": ["count": 0]]])
        }
    }
}
