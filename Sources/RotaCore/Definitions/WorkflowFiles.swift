import Foundation
import RotaModel

/// The workflow definitions of a folder: every `*.yaml`, `*.yml` and `*.json` file in it, one
/// workflow a file, read in name order.
public enum WorkflowFiles {
    /// Reads every definition; the first broken file stops it, with the file, the path in it and
    /// what is wrong.
    public static func load(from directory: String) throws(ConfigurationError) -> [Workflow] {
        let url = URL(fileURLWithPath: directory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw ConfigurationError("--workflows \(directory): cannot read the folder: \(error.localizedDescription)")
        }
        return try names.filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted().map {
            name throws(ConfigurationError) in
            let file = url.appendingPathComponent(name)
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw ConfigurationError("\(file.path): cannot be read: \(error.localizedDescription)")
            }
            do {
                return try Workflow(text: text)
            } catch let invalid as InvalidDefinition {
                throw ConfigurationError("\(file.path): \(invalid.errors.map(\.description).joined(separator: "; "))")
            } catch {
                throw ConfigurationError("\(file.path): \(error)")
            }
        }
    }
}
