import Foundation

/// A folder of definition files, as `rota core --workflows` and `rota workflows apply` read it:
/// its `*.yaml`, `*.yml` and `*.json` files, in name order.
public enum DefinitionFolder {
    /// The file extensions read as definitions.
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// The definition files of the folder at `path`; throws when it cannot be read.
    public static func files(in path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }
}
