import Foundation
import RotaModel

/// The definitions of a folder (`rota core --workflows`): every `*.yaml`, `*.yml` and `*.json`
/// file in it, one workflow or job a file, read in name order.
public struct DefinitionFiles: Sendable {
    /// The workflows, each with the file it came from.
    public var workflows: [(path: String, definition: Workflow)] = []
    /// The jobs, each with the file it came from.
    public var jobs: [(path: String, definition: Job)] = []

    public init() {}

    /// Reads every definition; the first broken file stops it, with the file, the path in it and
    /// what is wrong.
    public static func load(from directory: String) throws(ConfigurationError) -> DefinitionFiles {
        let paths: [String]
        do {
            paths = try DefinitionFolder.files(in: directory)
        } catch {
            throw ConfigurationError("--workflows \(directory): cannot read the folder: \(error.localizedDescription)")
        }
        var files = DefinitionFiles()
        for path in paths {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError("\(path): cannot be read: \(error.localizedDescription)")
            }
            do throws(InvalidDefinition) {
                let document = try DefinitionDocument.parse(text)
                switch DefinitionKind(of: document) {
                case .workflow: files.workflows.append((path, try Workflow(definition: document)))
                case .job: files.jobs.append((path, try Job(definition: document)))
                }
            } catch {
                throw Self.problem(in: path, error.errors)
            }
        }
        return files
    }

    /// Checks what reading a file cannot: the commands the core runs, and ids taken by the core's
    /// own definitions. The first file with a problem stops it.
    public func check(with catalog: DefinitionCatalog) throws(ConfigurationError) {
        for (path, workflow) in workflows {
            let errors = catalog.problems(of: workflow)
            guard errors.isEmpty else { throw Self.problem(in: path, errors) }
        }
        for (path, job) in jobs {
            let errors = catalog.problems(of: job)
            guard errors.isEmpty else { throw Self.problem(in: path, errors) }
        }
    }

    private static func problem(in path: String, _ errors: [DefinitionError]) -> ConfigurationError {
        ConfigurationError("\(path): \(errors.map(\.description).joined(separator: "; "))")
    }
}
