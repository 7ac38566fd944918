import ArgumentParser
import RotaClient
import RotaModel

/// `rota workflows apply FILE...`: sends workflow and job definitions to the core.
struct WorkflowsApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or replace workflows and jobs from definition files.",
        discussion: """
            Each file holds one definition in YAML or JSON: a workflow (it has steps) or a job \
            (it has a command and a trigger); a folder stands for its *.yaml, *.yml and *.json \
            files. Each is checked as `rota workflows validate` checks \
            it, then stored by the core (PUT /workflows/ID or PUT /jobs/ID); its triggers change \
            at once, and runs already going keep the version they started with. A file with \
            problems is not sent; the others are. The exit status is 1 when any file was not applied.

            Example:
              $ rota workflows apply nightly.yaml notify-failures.yaml
              nightly.yaml: created workflow nightly-cleanup (version 1)
              notify-failures.yaml: updated job notify-failures (version 3)
            """
    )

    @Argument(help: ArgumentHelp("The definition files, or folders of them (*.yaml, *.yml, *.json).", valueName: "file"))
    var files: [String]

    @OptionGroup var options: CoreOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file, e.g. rota workflows apply nightly.yaml") }
    }

    func run() async throws {
        let console = Console.current
        let definitions = DefinitionFile.files(in: files).map(DefinitionFile.read)
        var applied: [JSONValue] = []
        var failures = 0
        try await options.withAPI { api in
            for definition in definitions {
                guard definition.errors.isEmpty, let document = definition.document, let path = definition.apiPath, let id = definition.id else {
                    for error in definition.errors { console.printError("\(definition.path): \(error)") }
                    failures += 1
                    continue
                }
                do {
                    let before = try await Self.existing(path, api: api)
                    let stored = try await api.put(path, json: document)
                    applied.append(stored)
                    if !options.json {
                        let change = before == nil ? "created" : before?["version"] == stored["version"] ? "unchanged" : "updated"
                        console.print("\(definition.path): \(change) \(definition.kind.rawValue) \(id) (version \(HumanText.text(stored["version"])))")
                    }
                } catch let refusal as CoreAPIError where refusal.status != nil {
                    console.printError("\(definition.path): \(refusal)")
                    failures += 1
                }
            }
        }
        if options.json { console.printJSON(.array(applied)) }
        if failures > 0 {
            console.printError("error: \(HumanText.count(failures, "file")) of \(definitions.count) not applied")
            throw ExitCode.failure
        }
    }

    /// The definition the core has at `path`, or nil when it has none.
    private static func existing(_ path: String, api: CoreAPI) async throws(CoreAPIError) -> JSONValue? {
        do {
            return try await api.get(path)
        } catch .refused(_, 404, _, _, _) {
            return nil
        }
    }
}
