import ArgumentParser
import RotaModel

/// `rota workflows validate FILE...`: checks definition files without a core.
struct WorkflowsValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow and job definition files, without a core.",
        discussion: """
            Each file holds one definition in YAML or JSON: a workflow (it has steps) or a job \
            (it has a command and a trigger); a folder stands for its *.yaml, *.yml and *.json \
            files. Every problem is printed with the file and its path \
            in the document, as the core would report it when the definition is applied; the exit \
            status is 1 when any file has a problem. Whether shell commands are allowed is for \
            the core to say.

            Example:
              $ rota workflows validate nightly.yaml broken.yaml
              nightly.yaml: valid workflow nightly-cleanup
              broken.yaml: steps[1].timeout: must be > 0
              broken.yaml: steps[2].retries: unknown key (expected one of: name, ...)
              error: 2 problems in 1 of 2 files
            """
    )

    @Argument(help: ArgumentHelp("The definition files, or folders of them (*.yaml, *.yml, *.json).", valueName: "file"))
    var files: [String]

    @Flag(help: "Print one JSON object per file: file, kind, id, valid and errors.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file, e.g. rota workflows validate nightly.yaml") }
    }

    func run() throws {
        let console = Console.current
        let definitions = DefinitionFile.files(in: files).map(DefinitionFile.read)
        if json {
            console.printJSON(.array(definitions.map(Self.report)))
        } else {
            for definition in definitions {
                guard definition.errors.isEmpty else {
                    for error in definition.errors { console.print("\(definition.path): \(error)") }
                    continue
                }
                console.print("\(definition.path): valid \(definition.kind.rawValue) \(definition.id ?? "")")
            }
        }
        let broken = definitions.filter { !$0.errors.isEmpty }
        guard broken.isEmpty else {
            let problems = broken.reduce(0) { $0 + $1.errors.count }
            console.printError("error: \(HumanText.count(problems, "problem")) in \(broken.count) of \(HumanText.count(definitions.count, "file"))")
            throw ExitCode.failure
        }
    }

    static func report(_ definition: DefinitionFile) -> JSONValue {
        [
            "file": .string(definition.path), "kind": .string(definition.kind.rawValue), "id": definition.id.map(JSONValue.string) ?? .null,
            "valid": .bool(definition.errors.isEmpty),
            "errors": .array(definition.errors.map { ["path": .string($0.path), "message": .string($0.message)] }),
        ]
    }
}
