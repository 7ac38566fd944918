import Foundation
import RotaClient
import RotaCore
import RotaModel

/// A definition file users write, a workflow or a job in YAML or JSON, read and checked as the
/// core checks it: structure, ids, cron expressions and the commands of `execute_command` steps.
///
/// Workflows and jobs are told apart as `DefinitionKind` says.
struct DefinitionFile {
    /// The core's checks; shell commands pass here, whether the core allows them is for the
    /// core to say when the definition is applied.
    static let checks = DefinitionChecks(allowShell: true)

    let path: String
    let kind: DefinitionKind
    /// The definition as JSON; nil when the file cannot be read or parsed.
    let document: JSONValue?
    /// The definition's id: the one it names, even when the definition has problems.
    let id: String?
    /// Every problem found, each with its path in the document.
    let errors: [DefinitionError]

    /// The files `paths` name: each file as it is, and for each folder its `*.yaml`, `*.yml` and
    /// `*.json` files in name order, as `rota core --workflows` reads a folder.
    static func files(in paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                let files = try? DefinitionFolder.files(in: path)
            else { return [path] }
            return files
        }
    }

    /// Reads and checks the file at `path`. Shell commands pass here; whether the core allows
    /// them is for the core to say when the definition is applied.
    static func read(_ path: String) -> DefinitionFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return DefinitionFile(
                path: path, kind: .workflow, document: nil, id: nil,
                errors: [DefinitionError(path: "", message: "cannot be read: \(error.localizedDescription)")])
        }
        let document: JSONValue
        do {
            document = try DefinitionDocument.parse(text)
        } catch {
            return DefinitionFile(path: path, kind: .workflow, document: nil, id: nil, errors: error.errors)
        }
        let kind = DefinitionKind(of: document)
        var errors: [DefinitionError] = []
        var id: String?
        switch kind {
        case .workflow:
            do {
                id = try Workflow(definition: document).id
            } catch {
                errors += error.errors
            }
            errors += Self.checks.problems(ofWorkflow: document)
        case .job:
            do {
                id = try Job(definition: document).id
            } catch {
                errors += error.errors
            }
            errors += Self.checks.problems(ofJob: document)
        }
        return DefinitionFile(
            path: path, kind: kind, document: document, id: id ?? document["id"]?.stringValue, errors: errors.sorted(by: Self.inDocumentOrder))
    }

    /// Where the core keeps this definition: `/workflows/ID` or `/jobs/ID`.
    var apiPath: String? {
        id.map { CoreConnection.path(kind == .workflow ? "workflows" : "jobs", $0) }
    }

    /// Problems of the document first, then by path, so `steps[2]` comes before `steps[10]`.
    private static func inDocumentOrder(_ left: DefinitionError, _ right: DefinitionError) -> Bool {
        left.path.compare(right.path, options: .numeric) == .orderedAscending
    }
}
