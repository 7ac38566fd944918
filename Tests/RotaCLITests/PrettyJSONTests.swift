import RotaModel
import Testing

@testable import RotaCLI

/// The JSON of `--json`: indented, keys sorted, and the same value when read back.
@Suite struct PrettyJSONTests {
    @Test func valuesAreIndentedWithSortedKeys() {
        let value: JSONValue = ["b": [1, "two", .null], "a": ["nested": true, "empty": [:]], "c": []]
        #expect(
            PrettyJSON.text(value) == """
                {
                  "a": {
                    "empty": {},
                    "nested": true
                  },
                  "b": [
                    1,
                    "two",
                    null
                  ],
                  "c": []
                }
                """)
    }

    @Test func theTextReadsBackAsTheSameValue() throws {
        let value: JSONValue = ["text": "quote \" and \\ and\nline", "number": 2.5, "url": "https://example.com/a/b", "unicode": "⌛"]
        #expect(try JSONValue(jsonText: PrettyJSON.text(value)) == value)
    }
}
