import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCLI

/// `rota workflows run ID --input KEY=TEXT --input KEY:=JSON` and `--input-json JSON|@FILE`, and
/// the same for `rota jobs run`: the input the core receives, and what is refused before asking it.
@Suite struct RunInputCommandTests {
    /// A workflow of one `collect` step that declares a required `account` and optional `limit` and `regions`.
    static let declaring = Workflow(
        id: "collect-one", steps: [.performing("collect", timeout: 60)],
        inputs: [
            "account": InputDeclaration(type: .string, required: true), "limit": InputDeclaration(type: .integer),
            "regions": InputDeclaration(type: .array),
        ])

    @Test func keyEqualsTextIsAStringAndKeyColonEqualsJSONIsAJSONValue() async throws {
        try await withCore(workflows: [Self.declaring]) { core in
            let result = await Rota.run(
                ["workflows", "run", "collect-one", "--input", "account=123456789012", "--input", "limit:=5", "--input", #"regions:=["eu-west-1"]"#],
                against: core)
            #expect(result.status == 0, "\(result)")
            let input = try await core.input(ofRunStartedBy: result)
            #expect(input == ["account": "123456789012", "limit": 5, "regions": ["eu-west-1"]])
        }
    }

    @Test func aTextIsTakenAsItIsWithEqualsSignsAndSpaces() async throws {
        try await withCore(workflows: [TestWorkflows.single("open", "collect")]) { core in
            let result = await Rota.run(
                ["workflows", "run", "open", "--input", "query=a=b c", "--input", "empty=", "--input", "quoted=\"1\"", "--input", "null:=null"],
                against: core)
            #expect(result.status == 0, "\(result)")
            let input = try await core.input(ofRunStartedBy: result)
            #expect(input == ["query": "a=b c", "empty": "", "quoted": "\"1\"", "null": .null])
        }
    }

    @Test func inputJSONGivesTheWholeObjectInlineOrFromAFile() async throws {
        try await withCore(workflows: [Self.declaring]) { core in
            let inline = await Rota.run(["workflows", "run", "collect-one", "--input-json", #"{"account": "1", "limit": 2}"#], against: core)
            #expect(inline.status == 0, "\(inline)")
            let inlineInput = try await core.input(ofRunStartedBy: inline)
            #expect(inlineInput == ["account": "1", "limit": 2])

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("rota-input-\(UUID().uuidString).json")
            try Data(#"{"account": "2", "regions": ["us-east-1"]}"#.utf8 + [0x0A]).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let fromFile = await Rota.run(["workflows", "run", "collect-one", "--input-json", "@\(file.path)"], against: core)
            #expect(fromFile.status == 0, "\(fromFile)")
            let fromFileInput = try await core.input(ofRunStartedBy: fromFile)
            #expect(fromFileInput == ["account": "2", "regions": ["us-east-1"]])
        }
    }

    @Test func aFileLargerThanInputJSONReadsIsRefused() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rota-input-\(UUID().uuidString).json")
        let padding = String(repeating: " ", count: RunInputOptions.maximumFileBytes - 2)
        try Data(("{" + padding + "}").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let largest = await Rota.run(["workflows", "run", "open", "--input-json", "@\(file.path)", "--core", "http://127.0.0.1:9"])
        #expect(largest.errors.contains("cannot reach the core at http://127.0.0.1:9"), "read whole, then sent: \(largest)")
        try Data(("{" + padding + " }").utf8).write(to: file)
        let tooLarge = await Rota.run(["workflows", "run", "open", "--input-json", "@\(file.path)", "--core", "http://127.0.0.1:9"])
        #expect(tooLarge.status == 64, "\(tooLarge)")
        #expect(tooLarge.errors.contains("the file is larger than 1 MiB; a run's input is at most 64 KiB of JSON"), "\(tooLarge)")
    }

    @Test func theDeclaredInputsAreShownAndKeptByShowDefinition() async throws {
        try await withCore(workflows: [Self.declaring]) { core in
            let shown = await Rota.run(["workflows", "show", "collect-one", "--definition"], against: core)
            #expect(shown.status == 0, "\(shown)")
            let shownWorkflow = try Workflow(text: shown.output)
            #expect(shownWorkflow.inputs == Self.declaring.inputs)
        }
    }

    @Test func aRunWithoutInputSendsNoBody() async throws {
        try await withCore(workflows: [TestWorkflows.single("open", "collect")]) { core in
            let result = await Rota.run(["workflows", "run", "open"], against: core)
            #expect(result.status == 0, "\(result)")
            let input = try await core.input(ofRunStartedBy: result)
            #expect(input == [:])
        }
    }

    @Test(arguments: [
        (["--input", "account"], "--input account: write --input KEY=TEXT, --input KEY:=JSON or --input-json '{\"KEY\": VALUE}', e.g. --input account=123456789012"),
        (["--input", "=1"], "--input =1: the key before '=' is empty"),
        (["--input", ":=1"], "--input :=1: the key before '=' is empty"),
        (["--input", "account=1", "--input", "account=2"], "--input account is given twice; give each key once"),
        (["--input", "account=1", "--input", "account:=2"], "--input account is given twice; give each key once"),
        (["--input", "limit:=ten"], "--input limit:=ten: ten is not valid JSON"),
        (["--input", "limit:=ten"], "for a string write --input limit=ten"),
        (["--input-json", "{\"account\": "], "--input-json: not valid JSON"),
        (["--input-json", "[\"account\"]"], "--input-json: the input must be a JSON object, not array"),
        (["--input-json", "@/nonexistent/input.json"], "--input-json @/nonexistent/input.json: cannot read the file /nonexistent/input.json"),
        (["--input-json", "{}", "--input", "account=1"], "give either --input or --input-json, not both"),
    ])
    func aMalformedInputIsRefusedBeforeAskingTheCore(arguments: [String], message: String) async {
        for command in [["workflows", "run", "collect-one"], ["jobs", "run", "note"]] {
            let result = await Rota.run(command + arguments + ["--core", "http://127.0.0.1:9"])
            #expect(result.status == 64, "\(command): \(result)")
            #expect(result.errors.contains(message), "\(command): \(result)")
        }
    }

    @Test func anInputTheWorkflowRefusesIsReportedWithItsPath() async throws {
        try await withCore(workflows: [Self.declaring]) { core in
            let result = await Rota.run(["workflows", "run", "collect-one", "--input", "limit=5", "--input", "zone=a"], against: core)
            #expect(result.status == 1, "\(result)")
            #expect(result.errors.contains("400 invalid_input"), "\(result)")
            #expect(result.errors.contains("input.account: is required"), "\(result)")
            #expect(result.errors.contains("input.limit: must be an integer, not a string"), "\(result)")
            #expect(result.errors.contains("input.zone: is not an input of workflow collect-one; it takes account, limit, regions"), "\(result)")
            let running = try await core.request(.GET, "/tasks").json()
            #expect(running == [])
        }
    }

    @Test func jobsRunTakesAnInputToo() async throws {
        try await withCore { core in
            _ = await Rota.run(["jobs", "add", "note", "--event", "never", "--command", "events emit noted"], against: core)
            let result = await Rota.run(["jobs", "run", "note", "--input", "account=123", "--input", "urgent:=true"], against: core)
            #expect(result.status == 0, "\(result)")
            let input = try await core.input(ofRunStartedBy: result)
            #expect(input == ["account": "123", "urgent": true])
        }
    }

    @Test func helpTeachesBothFormsWithAnExample() async {
        for command in [["workflows", "run"], ["jobs", "run"]] {
            let result = await Rota.run(command + ["--help"])
            #expect(result.status == 0)
            let help = (result.output + result.errors).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains("--input KEY=TEXT"), "\(command)")
            #expect(help.contains("KEY:=JSON"), "\(command)")
            #expect(help.contains("--input-json"), "\(command)")
        }
        let workflows = await Rota.run(["workflows", "run", "--help"])
        let help = (workflows.output + workflows.errors).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains(#"rota workflows run collect-account --input account=123456789012 --input regions:='["eu-west-1"]'"#))
    }
}

extension TestCore {
    /// The input of the run a command's output names (`started run ID of ...`).
    fileprivate func input(ofRunStartedBy result: CommandResult) async throws -> JSONValue? {
        let taskId = try #require(result.output.firstMatch(of: /started run (\S+) of/)?.1, "\(result)")
        return try await request(.GET, "/tasks/\(taskId)").json()["input"]
    }
}
