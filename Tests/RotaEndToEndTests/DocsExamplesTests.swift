import Foundation
import RotaCore
import RotaModel
import RotaSpawn
import RotaTestSupport
import Testing

/// The examples of `README.md` and `docs/*.md` work as written: every workflow and job definition
/// is applied to a real core with `rota workflows apply`, and every `rota ...` line of a shell
/// block is run with the built `rota` binary against a real core and must succeed, in the order
/// the document shows them. Blocks marked `<!-- example: not run, because ... -->` are left out.
@Suite("Docs examples")
struct DocsExamplesTests {
    /// How long one command may take; far above what any example needs.
    static let commandDeadline: TimeInterval = 120

    @Test func everyMarkSaysWhyItsBlockIsNotRun() throws {
        for document in try DocsExamples.documents() {
            for block in try DocsExamples.blocks(of: document) {
                #expect(block.markProblem == nil, "\(block.markProblem ?? "")")
            }
        }
    }

    @Test func theMarkAndTheCommandsAreReadAsTheDocsWriteThem() {
        let markdown = """
            <!-- example: not run, because it needs a cloud account -->
            ```sh
            rota worker --collector exec:/opt/aws
            ```
            <!-- example: not run -->
            ```sh
            export ROTA_EXEC_STATE=/tmp/demo.state   # the state
            swift run rota workflows run collect --wait    # follow it
            rota jobs add a --schedule "0 3 * * *" \\
                --command "workflows run cleanup"
            ROTA_PSK=secret rota workflows list
            curl -s localhost:9955/metrics | grep rota
            ```
            """
        let blocks = DocsExamples.blocks(in: markdown, file: "TEST.md")
        #expect(blocks.count == 2)
        #expect(blocks[0].notRunReason == "it needs a cloud account")
        #expect(blocks[1].notRunReason == nil && blocks[1].markProblem != nil)
        let commands = DocsExamples.commands(in: blocks[1])
        #expect(commands.map(\.command) == [
            "rota workflows run collect --wait", #"rota jobs add a --schedule "0 3 * * *"      --command "workflows run cleanup""#,
            "ROTA_PSK=secret rota workflows list",
        ])
        #expect(commands[0].exports == ["export ROTA_EXEC_STATE=/tmp/demo.state"])
    }

    @Test func theSettingsTableOfCoreMDHasEverySettingOfTheCore() throws {
        let core = try String(contentsOf: DocsExamples.repository.appendingPathComponent("docs/CORE.md"), encoding: .utf8)
        let rows = core.split(separator: "\n").filter { $0.hasPrefix("| `--") }
        for setting in CoreConfiguration.settings {
            let row = "| `\(setting.flag)` | `\(setting.environmentVariable)` | `\(setting.key)` |"
            #expect(rows.contains { $0.hasPrefix(row) }, "docs/CORE.md has no row \(row)")
        }
    }

    @Test(arguments: try DocsExamples.documents())
    func theExamplesOfTheDocumentWork(_ document: String) async throws {
        let blocks = try DocsExamples.blocks(of: document).filter { $0.notRunReason == nil }
        let definitions = blocks.compactMap(DocsExamples.definition(in:))
        let commands = blocks.flatMap { block in DocsExamples.commands(in: block).map { (block, $0) } }
        guard !definitions.isEmpty || !commands.isEmpty else { return }
        let folder = try ExampleFolder(definitions: definitions)
        try await TestCore.with(configure: { _ in }) { core in
            for block in blocks {
                if let definition = DocsExamples.definition(in: block) {
                    let result = try await folder.run(["rota workflows apply \(folder.file(of: definition))"], core: core)
                    #expect(result.status == 0, "\(block): the definition is not applied: \(result.output)")
                }
                for (exports, command) in DocsExamples.commands(in: block) {
                    let result = try await folder.run(exports + [command], core: core)
                    #expect(result.status == 0, "\(block): `\(command)` failed with \(result.status):\n\(result.output)")
                }
            }
        }
    }
}

/// The working folder of one document's examples: its definitions as files (named by their id in
/// the folder and in `workflows/`, as the docs name them, and by their block for `apply`), a
/// `docs` link to the repository's docs, and a `rota` on the `PATH` that runs the built binary.
///
/// The services (`rota core`, `rota worker`, `rota metrics`, `rota up`) would run until stopped:
/// `rota` starts them, waits until they serve (`Rota core serving on`) or are connected to the
/// core (`connected to the core at`), and stops them; a service that ends first must end with 0.
private struct ExampleFolder {
    let directory: URL

    init(definitions: [DocsExamples.Definition]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-docs-\(UUID().uuidString)")
        let manager = FileManager.default
        for folder in ["workflows", "blocks", "bin"] {
            try manager.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try manager.createSymbolicLink(
            at: directory.appendingPathComponent("docs"), withDestinationURL: DocsExamples.repository.appendingPathComponent("docs"))
        var folderIds: Set<String> = []
        for definition in definitions {
            try definition.block.text.write(to: directory.appendingPathComponent(file(of: definition)), atomically: true, encoding: .utf8)
            guard let id = definition.id else { continue }
            let name = "\(id).\(definition.fileExtension)"
            try definition.block.text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            guard folderIds.insert(id).inserted else { continue }
            try definition.block.text.write(
                to: directory.appendingPathComponent("workflows").appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let wrapper = directory.appendingPathComponent("bin/rota")
        try Self.wrapper.write(to: wrapper, atomically: true, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
    }

    /// The file, relative to the folder, that holds the definition's block alone.
    func file(of definition: DocsExamples.Definition) -> String {
        let name = definition.block.file.replacingOccurrences(of: "/", with: "-")
        return "blocks/\(name)-\(definition.block.line).\(definition.fileExtension)"
    }

    /// Runs the lines with `/bin/sh -e` in the folder, against `core`; its exit status and output.
    func run(_ lines: [String], core: TestCore) async throws -> (status: Int32, output: String) {
        let outputFile = directory.appendingPathComponent("output-\(UUID().uuidString).log")
        try Data().write(to: outputFile)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = directory.appendingPathComponent("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["ROTA_CORE"] = core.baseURL
        environment["ROTA_BINARY"] = try RotaProcess.executable.path
        environment["ROTA_PORT"] = "0"
        environment["HOME"] = directory.path
        for name in ["ROTA_PSK", "ROTA_CONFIG", "ROTA_DB", "ROTA_LOG_LEVEL"] { environment.removeValue(forKey: name) }
        let process = try SpawnedProcess(
            "/bin/sh", arguments: ["-e", "-c", lines.joined(separator: "\n")], environment: environment, directory: directory.path,
            output: .descriptor(output.fileDescriptor), error: .descriptor(output.fileDescriptor), ownGroup: true)
        let deadline = Date().addingTimeInterval(DocsExamplesTests.commandDeadline)
        while process.isRunning, Date() < deadline {
            try await Task.pause(for: .milliseconds(50))
        }
        if process.isRunning {
            process.signal(SIGKILL)
            await process.waitUntilExit()
            return (-1, "still running after \(Int(DocsExamplesTests.commandDeadline)) s\n" + Self.text(of: outputFile))
        }
        return (process.ending?.shellStatus ?? -1, Self.text(of: outputFile))
    }

    private static func text(of file: URL) -> String {
        (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    /// The `rota` the examples run: the built binary, with services started, awaited and stopped.
    private static let wrapper = """
        #!/bin/sh
        case "$1" in
        core|worker|metrics|up)
            for argument in "$@"; do
                if [ "$argument" = "--help" ] || [ "$argument" = "-h" ]; then exec "$ROTA_BINARY" "$@"; fi
            done
            log="$(mktemp)"
            "$ROTA_BINARY" "$@" > "$log" 2>&1 &
            pid=$!
            tries=0
            while kill -0 "$pid" 2> /dev/null; do
                if grep -q -e "Rota core serving on" -e "connected to the core at" "$log"; then
                    kill -TERM "$pid"
                    wait "$pid" || true
                    exit 0
                fi
                tries=$((tries + 1))
                if [ "$tries" -gt 900 ]; then
                    echo "rota $1 was not ready within 90 s:" >&2
                    cat "$log" >&2
                    kill -KILL "$pid"
                    exit 1
                fi
                sleep 0.1
            done
            status=0
            wait "$pid" || status=$?
            cat "$log" >&2
            exit "$status"
            ;;
        *)
            exec "$ROTA_BINARY" "$@"
            ;;
        esac

        """
}
