import RotaModel
import Testing

@testable import RotaCLI

/// YAML for people that reads back as the same JSON.
@Suite struct YAMLTextTests {
    @Test func aWorkflowIsWrittenInBlockStyleWithIdAndNameFirst() {
        let workflow: JSONValue = [
            "steps": [["name": "collect", "action": ["message_type": "collect"], "timeout": 60]],
            "id": "nightly", "name": "Nightly", "environment": [:], "triggers": [["cron_expression": "0 3 * * *"]],
            "scheduled_next": .null,
        ]
        #expect(
            YAMLText.document(workflow) == """
                id: nightly
                name: Nightly
                environment: {}
                scheduled_next: null
                steps:
                  - name: collect
                    action:
                      message_type: collect
                    timeout: 60
                triggers:
                  - cron_expression: "0 3 * * *"

                """)
    }

    @Test func stringsThatYAMLWouldReadAsSomethingElseAreQuoted() {
        let value: JSONValue = [
            "bool": "true", "number": "42", "time": "2026-11-23T10:00:00.000Z", "colon": "a: b", "comment": "a #b", "empty": "",
            "plain": "workflows run cleanup", "multiline": "a\nb", "no": "no",
        ]
        let yaml = YAMLText.document(value)
        #expect(yaml.contains("bool: \"true\"\n"))
        #expect(yaml.contains("number: \"42\"\n"))
        #expect(yaml.contains("time: \"2026-11-23T10:00:00.000Z\"\n"))
        #expect(yaml.contains("colon: \"a: b\"\n"))
        #expect(yaml.contains("comment: \"a #b\"\n"))
        #expect(yaml.contains("empty: \"\"\n"))
        #expect(yaml.contains("plain: workflows run cleanup\n"))
        #expect(yaml.contains("multiline: \"a\\nb\"\n"))
        #expect(yaml.contains("\"no\": \"no\"\n"))
    }

    @Test func theYAMLReadsBackAsTheSameValue() throws {
        let value: JSONValue = [
            "id": "x", "list": [1, 2.5, true, .null, "text", ["nested": ["a", "b"]], []], "object": ["key": ["deeper": "value: yes"]],
            "command": #"http post https://example.com {"text": "a run failed"}"#, "tags": ["rota:expiration": "7d", "owner": "ops"],
            "lists": [[1, 2], [3]],
        ]
        #expect(try DefinitionDocument.parse(YAMLText.document(value)) == value)
    }
}
