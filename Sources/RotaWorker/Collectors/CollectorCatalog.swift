import Foundation

/// Builds the worker's collectors from the names given on the command line
/// (`--collector example,local,exec:/path/to/program,random:size=100000:seed=7`).
///
/// Entries are separated by commas. An unknown name, bad options, the same collector named
/// twice, or an `exec` program that is not an executable file are errors that say what to type
/// instead, so that the worker fails at start rather than at its first collect.
public enum CollectorCatalog {
    /// The names of the collectors Rota ships.
    public static let knownNames = ["example", "random", "local", "exec"]

    /// The known names as they are typed, for messages.
    public static let usage = "example, random[:size=N][:seed=N], local, exec:/path/to/program [arguments]"

    /// The collectors named in `spec`, in its order.
    public static func collectors(named spec: String) throws(CollectorSpecError) -> [any Collector] {
        let entries = spec.split(separator: ",").filter { !$0.allSatisfy(\.isWhitespace) }
        guard !entries.isEmpty else { throw .empty }
        var collectors: [any Collector] = []
        var names: Set<String> = []
        for entry in entries {
            let collector = try collector(for: CollectorSpec(parsing: entry))
            guard names.insert(collector.name).inserted else { throw .duplicate(name: collector.name) }
            collectors.append(collector)
        }
        return collectors
    }

    private static func collector(for spec: CollectorSpec) throws(CollectorSpecError) -> any Collector {
        switch spec {
        case .example:
            return ExampleCollector()
        case .local:
            return LocalCollector()
        case .random(let size, let seed):
            return RandomCollector(size: size, seed: seed)
        case .exec(let program, let arguments):
            return ExecCollector(program: try executable(program), arguments: arguments)
        }
    }

    /// The program's absolute path: as given when it holds a `/`, else found in `PATH`.
    private static func executable(_ program: String) throws(CollectorSpecError) -> String {
        let candidates: [String]
        if program.contains("/") {
            candidates = [URL(fileURLWithPath: program).standardizedFileURL.path]
        } else {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            candidates = path.split(separator: ":").map { "\($0)/\(program)" }
        }
        for candidate in candidates where isExecutableFile(candidate) {
            return candidate
        }
        throw .badOptions(
            collector: "exec",
            message: program.contains("/")
                ? "\(program) is not an executable file" : "no executable \"\(program)\" in PATH")
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
