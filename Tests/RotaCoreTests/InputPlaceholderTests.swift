import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// A run's input fills a command's `@input.KEY@` placeholders only once the command is read, so a
/// hostile value can neither add words to an operation, keys to its JSON, nor syntax to a shell.
@Suite("Input placeholders in commands")
struct InputPlaceholderTests {
    /// Values a caller might send to break out of their place.
    static let hostile: [String] = [
        "123 expired=false", "$(touch /tmp/rota-pwned)", "`id`", "a'b", #"a"b"#, #"back\slash"#, "x; echo injected", "line\nbreak",
        "it's \"quoted\" $HOME", "@input.other@",
    ]

    @Test(arguments: hostile)
    func aValueStaysInsideItsWord(value: String) throws {
        let operation = try Operation(parsing: "resources clean account=@input.account@ --reason cleanup", input: ["account": .string(value), "other": "x"])
        guard case .cleanResources(let filter, let reason) = operation else { throw TestFailure("not a clean") }
        #expect(reason == "cleanup")
        #expect(filter.accounts == [value])
        #expect(filter.expired == nil, "a value must not add a filter")
    }

    @Test func aValueFillsAJSONStringAndNeverItsStructure() throws {
        let operation = try Operation(
            parsing: #"events emit collect_now {"account": "@input.account@", "note": "for @input.account@"}"#,
            input: ["account": .string(#"1", "admin": true, "x": "2"#)])
        guard case .emitEvent(let event) = operation else { throw TestFailure("not an event") }
        #expect(event.data == ["account": #"1", "admin": true, "x": "2"#, "note": #"for 1", "admin": true, "x": "2"#])
    }

    @Test func aWorkflowIdComesFromTheInput() throws {
        #expect(try Operation(parsing: "workflows run @input.target@", input: ["target": "nightly"]) == .runWorkflow("nightly"))
    }

    @Test func numbersAndObjectsAreWrittenAsJSON() throws {
        let operation = try Operation(parsing: "workflows run w-@input.n@", input: ["n": 5])
        #expect(operation == .runWorkflow("w-5"))
    }

    @Test func aPlaceholderWithoutAValueStaysAsWritten() throws {
        #expect(try Operation(parsing: "workflows run @input.missing@", input: [:]) == .runWorkflow("@input.missing@"))
    }

    /// Runs `command` through the shell with `input` and returns what it printed.
    static func shellOutput(_ command: String, _ input: [String: JSONValue]) async throws -> String {
        guard case .shell(let text) = try Operation(parsing: command, input: input) else { throw TestFailure("not a shell command") }
        let outcome = try await ShellCommand.run(text, timeout: 30)
        #expect(outcome.status == 0, "\(outcome.output)")
        return outcome.output
    }

    @Test(arguments: hostile)
    func theShellTakesAValueAsDataWhereverItsPlaceholderStands(value: String) async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("rota-pwned")
        try? FileManager.default.removeItem(at: marker)
        let input: [String: JSONValue] = ["v": .string(value)]
        #expect(try await Self.shellOutput("shell printf '%s|' @input.v@", input) == "\(value)|")
        #expect(try await Self.shellOutput(#"shell printf '%s|' "in double @input.v@ quotes""#, input) == "in double \(value) quotes|")
        #expect(try await Self.shellOutput("shell printf '%s|' 'in single @input.v@ quotes'", input) == "in single \(value) quotes|")
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the value ran as a command")
    }
}
