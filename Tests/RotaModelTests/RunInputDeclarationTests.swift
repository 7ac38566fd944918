import Foundation
import Testing

@testable import RotaModel

/// A workflow's `inputs`: read from JSON and YAML, written back the same, and every malformed
/// declaration refused with its path.
@Suite("Declared run inputs")
struct RunInputDeclarationTests {
    /// A valid workflow of one step with `inputs` set to `inputs`.
    func workflow(inputs: JSONValue?) -> JSONValue {
        var object: [String: JSONValue] = ["id": "collect-one", "steps": [["name": "collect", "action": ["message_type": "collect"]]]]
        if let inputs { object["inputs"] = inputs }
        return .object(object)
    }

    func errors(_ value: JSONValue) -> [String] {
        Workflow.definitionErrors(value)
    }

    @Test func yamlDeclarationsReadAndWriteBackTheSame() throws {
        let workflow = try Workflow(
            text: """
                id: collect-one
                inputs:
                  account: {type: string, required: true, description: The cloud account to collect}
                  regions: {type: array}
                  dry_run: {type: boolean, required: false}
                steps:
                  - name: collect
                    action: {message_type: collect}
                """)
        #expect(
            workflow.inputs == [
                "account": InputDeclaration(type: .string, required: true, description: "The cloud account to collect"),
                "regions": InputDeclaration(type: .array),
                "dry_run": InputDeclaration(type: .boolean),
            ])
        #expect(workflow.json["inputs"]?["account"] == ["type": "string", "required": true, "description": "The cloud account to collect"])
        #expect(workflow.json["inputs"]?["regions"] == ["type": "array", "required": false])
        #expect(try Workflow(definition: workflow.json) == workflow)
        #expect(try JSONDecoder().decode(Workflow.self, from: JSONEncoder().encode(workflow)) == workflow)
    }

    @Test func aWorkflowWithoutInputsWritesNoInputsKey() throws {
        let undeclared = try Workflow(definition: workflow(inputs: nil))
        #expect(undeclared.inputs.isEmpty)
        #expect(undeclared.json["inputs"] == nil)
        #expect(try Workflow(definition: workflow(inputs: .null)).inputs.isEmpty)
        #expect(try Workflow(definition: workflow(inputs: [:])).inputs.isEmpty)
    }

    @Test func everyTypeIsAccepted() throws {
        var inputs: [String: JSONValue] = [:]
        for type in InputDeclaration.ValueType.allCases { inputs["a_\(type.rawValue)"] = ["type": .string(type.rawValue)] }
        let workflow = try Workflow(definition: workflow(inputs: .object(inputs)))
        #expect(Set(workflow.inputs.values.map(\.type)) == Set(InputDeclaration.ValueType.allCases))
    }

    @Test(arguments: [
        ("not an object", "[\"account\"]", ["inputs: must be an object of inputs by name, not array"]),
        ("declaration not an object", "{\"account\": \"string\"}", ["inputs.account: must be an object, not string"]),
        ("no type", "{\"account\": {\"required\": true}}", ["inputs.account.type: is required"]),
        ("unknown type", "{\"account\": {\"type\": \"text\"}}", ["inputs.account.type: \"text\" is not one of string, number, integer, boolean, object, array"]),
        ("type not a string", "{\"account\": {\"type\": 3}}", ["inputs.account.type: must be a string, not number"]),
        ("required not a boolean", "{\"account\": {\"type\": \"string\", \"required\": \"yes\"}}", ["inputs.account.required: must be true or false, not string"]),
        ("description not a string", "{\"account\": {\"type\": \"string\", \"description\": 1}}", ["inputs.account.description: must be a string, not number"]),
        ("unknown key", "{\"account\": {\"type\": \"string\", \"default\": \"1\"}}", ["inputs.account.default: unknown key (expected one of: type, required, description)"]),
        ("name with a dot", "{\"a.b\": {\"type\": \"string\"}}", ["inputs.a.b: \"a.b\" is not a valid input name: use up to 64 letters, digits and '_', starting with a letter or '_'"]),
        ("name starting with a digit", "{\"1st\": {\"type\": \"string\"}}", ["inputs.1st: \"1st\" is not a valid input name: use up to 64 letters, digits and '_', starting with a letter or '_'"]),
        ("empty name", "{\"\": {\"type\": \"string\"}}", ["inputs.: \"\" is not a valid input name: use up to 64 letters, digits and '_', starting with a letter or '_'"]),
    ])
    func aBrokenDeclarationIsRefusedWithItsPath(_ name: String, _ inputs: String, _ expected: [String]) throws {
        #expect(errors(workflow(inputs: try DefinitionDocument.parse(inputs))) == expected, "\(name)")
    }

    @Test func everyBrokenDeclarationIsReportedNotOnlyTheFirst() {
        let found = errors(workflow(inputs: ["account": ["type": "text"], "region": ["type": "string", "required": 1], "ok": ["type": "string"]]))
        #expect(found == [
            "inputs.account.type: \"text\" is not one of string, number, integer, boolean, object, array",
            "inputs.region.required: must be true or false, not number",
        ])
    }

    @Test func namesAreLimitedTo64Bytes() {
        let longest = String(repeating: "a", count: InputDeclaration.maximumNameBytes)
        #expect(errors(workflow(inputs: [longest: ["type": "string"]])) == [])
        let tooLong = longest + "a"
        #expect(errors(workflow(inputs: [tooLong: ["type": "string"]])).first?.hasPrefix("inputs.\(tooLong): \"\(tooLong)\" is not a valid input name") == true)
        #expect(InputDeclaration.isValidName("_private1"))
        #expect(!InputDeclaration.isValidName("naïve"))
        #expect(!InputDeclaration.isValidName("with-dash"))
    }

    @Test func atMost64InputsMayBeDeclared() {
        func inputs(_ count: Int) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: (0..<count).map { ("input_\($0)", ["type": "string"] as JSONValue) }))
        }
        #expect(errors(workflow(inputs: inputs(InputDeclaration.maximumCount))) == [])
        #expect(errors(workflow(inputs: inputs(InputDeclaration.maximumCount + 1))) == ["inputs: declares 65 inputs; at most 64 are allowed"])
    }

    @Test func descriptionsAreLimited() {
        let longest = String(repeating: "d", count: InputDeclaration.maximumDescriptionBytes)
        #expect(errors(workflow(inputs: ["account": ["type": "string", "description": .string(longest)]])) == [])
        #expect(
            errors(workflow(inputs: ["account": ["type": "string", "description": .string(longest + "d")]]))
                == ["inputs.account.description: is 1025 bytes long; at most 1024 are allowed"])
    }
}
