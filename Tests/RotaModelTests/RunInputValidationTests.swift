import Foundation
import Testing

@testable import RotaModel

/// `Workflow.inputErrors`: what a run's input must be for a workflow to start with it.
@Suite("Run input validation")
struct RunInputValidationTests {
    let declaring = Workflow(
        id: "collect-one", steps: [.performing("collect", timeout: 60)],
        inputs: [
            "account": InputDeclaration(type: .string, required: true), "region": InputDeclaration(type: .string),
            "limit": InputDeclaration(type: .integer), "ratio": InputDeclaration(type: .number), "dry_run": InputDeclaration(type: .boolean),
            "tags": InputDeclaration(type: .object), "kinds": InputDeclaration(type: .array),
        ])

    func errors(_ input: [String: JSONValue], of workflow: Workflow? = nil) -> [String] {
        (workflow ?? declaring).inputErrors(input).map(\.description)
    }

    @Test func everyDeclaredInputOfItsTypeIsAccepted() {
        #expect(
            errors([
                "account": "123", "region": "eu-west-1", "limit": 10, "ratio": 0.5, "dry_run": true, "tags": ["team": "a"], "kinds": ["volume"],
            ]) == [])
        #expect(errors(["account": "123"]) == [], "optional inputs may be left out")
    }

    @Test func aMissingRequiredInputIsRefused() {
        #expect(errors([:]) == ["input.account: is required"])
        #expect(errors(["region": "eu-west-1"]) == ["input.account: is required"])
    }

    @Test(arguments: [
        ("account", JSONValue.int(123), "input.account: must be a string, not a number"),
        ("account", JSONValue.null, "input.account: must be a string, not null"),
        ("limit", JSONValue.double(1.5), "input.limit: must be an integer, not a number with a fraction"),
        ("limit", JSONValue.string("10"), "input.limit: must be an integer, not a string"),
        ("ratio", JSONValue.string("0.5"), "input.ratio: must be a number, not a string"),
        ("dry_run", JSONValue.string("true"), "input.dry_run: must be a boolean, not a string"),
        ("tags", JSONValue.array(["a"]), "input.tags: must be an object, not an array"),
        ("kinds", JSONValue.object(["a": 1]), "input.kinds: must be an array, not an object"),
    ])
    func anInputOfAnotherTypeIsRefused(_ name: String, _ value: JSONValue, _ expected: String) {
        var input: [String: JSONValue] = ["account": "123"]
        input[name] = value
        #expect(errors(input) == [expected])
    }

    @Test func aWholeNumberIsAnInteger() {
        #expect(errors(["account": "1", "limit": .double(3.0)]) == [])
        #expect(errors(["account": "1", "ratio": .int(3)]) == [])
    }

    @Test func aKeyTheWorkflowDoesNotDeclareIsRefused() {
        #expect(
            errors(["account": "1", "acount": "2"])
                == ["input.acount: is not an input of workflow collect-one; it takes account, dry_run, kinds, limit, ratio, region, tags"])
    }

    @Test func everyProblemIsReportedInTheOrderOfTheirPaths() {
        #expect(
            errors(["limit": "ten", "zone": "a", "extra": 1]) == [
                "input.account: is required",
                "input.limit: must be an integer, not a string",
                "input.extra: is not an input of workflow collect-one; it takes account, dry_run, kinds, limit, ratio, region, tags",
                "input.zone: is not an input of workflow collect-one; it takes account, dry_run, kinds, limit, ratio, region, tags",
            ])
    }

    @Test func manyUnknownKeysAreReportedTenByNameAndTheRestCounted() {
        var input: [String: JSONValue] = ["account": "1"]
        for index in 0..<500 { input[String(format: "key_%03d", index)] = .int(Int64(index)) }
        let found = errors(input)
        #expect(found.count == 11)
        #expect(found.first?.hasPrefix("input.key_000: is not an input") == true)
        #expect(found.last == "input: has 490 more keys that are not inputs of workflow collect-one")
    }

    @Test func aWorkflowDeclaringNoInputsTakesAnyObject() {
        let open = Workflow(id: "open", steps: [.performing("collect", timeout: 60)])
        #expect(errors([:], of: open) == [])
        #expect(errors(["anything": ["nested": [1, 2, 3]], "x": .null], of: open) == [])
    }

    @Test func theSizeLimitIsKeptWhateverTheWorkflow() {
        let open = Workflow(id: "open", steps: [.performing("collect", timeout: 60)])
        // {"v":"…"} is 8 bytes around the text.
        let largest: [String: JSONValue] = ["v": .string(String(repeating: "x", count: RunInput.maximumBytes - 8))]
        #expect(JSONValue.object(largest).jsonBytes.count == RunInput.maximumBytes)
        #expect(errors(largest, of: open) == [])
        let tooLarge: [String: JSONValue] = ["v": .string(String(repeating: "x", count: RunInput.maximumBytes - 7))]
        #expect(errors(tooLarge, of: open) == ["input: is 65537 bytes as JSON; at most 65536 are allowed"])
        var declared = tooLarge
        declared["account"] = 1
        #expect(errors(declared) == ["input: is 65549 bytes as JSON; at most 65536 are allowed"], "only the limit is reported for an input beyond it")
    }

    @Test func theDepthLimitIsThatOfADefinitionsValues() {
        func nested(_ levels: Int) -> JSONValue {
            (0..<levels).reduce(JSONValue.int(1)) { inner, _ in .array([inner]) }
        }
        // The input object is one level, the number another: 30 arrays between them make 32.
        #expect(RunInput.limitErrors(["v": nested(DefinitionLimits.valueDepth - 2)]) == [])
        #expect(
            RunInput.limitErrors(["v": nested(DefinitionLimits.valueDepth - 1)])
                == [DefinitionError(path: "input", message: "nests 33 levels deep; at most 32 are allowed")])
    }
}
