import Foundation
import Testing

@testable import RotaModel

@Suite("JSON values")
struct JSONValueTests {
    @Test func integersStayIntegersThroughARoundTrip() throws {
        let text = #"{"a":60,"b":1.5,"c":[true,null,"x"]}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value == ["a": 60, "b": 1.5, "c": [true, nil, "x"]])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == text)
    }

    @Test func containsMatchesNestedSubsetsOnly() {
        let data: JSONValue = ["cloud": "aws", "account": ["id": "123", "name": "prod"], "n": 3]
        #expect(data.contains(["cloud": "aws"]))
        #expect(data.contains(["account": ["id": "123"]]))
        #expect(data.contains(["n": 3.0]))
        #expect(!data.contains(["cloud": "gcp"]))
        #expect(!data.contains(["region": "us-east-1"]))
        #expect(data.contains([:]))
    }
}
