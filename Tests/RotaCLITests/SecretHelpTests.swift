import ArgumentParser
import Foundation
import RotaSpawn
import RotaTestSupport
import Testing

@testable import RotaCLI

/// `--help` of every command shows no secret: a key in the environment (`ROTA_PSK`) is never
/// shown as a default, as the help is read by whoever runs it.
@Suite("secrets in help")
struct SecretHelpTests {
    private static let secret = "help-secret-\(UUID().uuidString)"

    /// The names of every command below `command`, each as the words that run it.
    private static func commandPaths(of command: any ParsableCommand.Type, prefix: [String] = []) -> [[String]] {
        let children = command.configuration.subcommands
        return children.flatMap { child -> [[String]] in
            let name = child.configuration.commandName ?? child._commandName
            return [prefix + [name]] + commandPaths(of: child, prefix: prefix + [name])
        }
    }

    /// What `rota ARGUMENTS --help` prints, run as its own process with the key in its environment.
    private static func help(_ arguments: [String]) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rota-help-\(UUID().uuidString).txt")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try FileHandle(forWritingTo: file)
        let process: SpawnedProcess
        do {
            defer { try? output.close() }
            process = try SpawnedProcess(
                try RotaProcess.executable.path, arguments: arguments + ["--help"],
                environment: ProcessInfo.processInfo.environment.merging(["ROTA_PSK": secret, "ROTA_CORE": "http://127.0.0.1:1"]) { _, new in new },
                output: .descriptor(output.fileDescriptor), error: .descriptor(output.fileDescriptor))
        }
        await process.waitUntilExit()
        return try String(contentsOf: file, encoding: .utf8)
    }

    @Test func noHelpShowsTheKeyOfTheEnvironment() async throws {
        let paths = [[]] + Self.commandPaths(of: RotaCommand.self)
        #expect(paths.contains(["core"]) && paths.contains(["workflows", "run"]))
        for path in paths {
            let text = try await Self.help(path)
            #expect(text.contains("USAGE"), "rota \(path.joined(separator: " ")) --help printed no help: \(text)")
            #expect(!text.contains(Self.secret), "rota \(path.joined(separator: " ")) --help shows ROTA_PSK")
        }
    }
}
