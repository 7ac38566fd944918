import ArgumentParser
import Foundation
import Logging
import RotaClient
import RotaModel

/// The options every command that talks to a core shares: where the core is, its pre-shared
/// key, and whether to print the core's JSON instead of text for people.
struct CoreOptions: ParsableArguments {
    @OptionGroup var core: CoreConnectionOptions

    @Flag(help: "Print the core's JSON, pretty-printed, instead of text for people.")
    var json = false

    func validate() throws {
        _ = try connection()
    }

    /// Where the cores are: `--core`, else `ROTA_CORE`, else localhost:8900; with `--psk` or `ROTA_PSK`.
    func connection() throws -> CoreConnection {
        try core.connection(environment: Console.current.environment)
    }

    /// Runs `body` with a client of the core. When another of the listed cores turns out to be
    /// the leader, a line on standard error says which is used. When the core cannot be reached or
    /// refuses a request, the reason goes to standard error and the command exits with status 1.
    @discardableResult
    func withAPI<Result>(_ body: (CoreAPI) async throws -> Result) async throws -> Result {
        let console = Console.current
        var logger = Logger(label: "rota.client") { _ in ConsoleNotices(console: console) }
        logger.logLevel = .notice
        let api = CoreAPI(connection: try connection(), logger: logger)
        do {
            return try await body(api)
        } catch let error as CoreAPIError {
            Console.current.printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Prints `value` as JSON with `--json`, else as `human` writes it.
    func output(_ value: JSONValue, human: (JSONValue) -> Void) {
        if json {
            Console.current.printJSON(value)
        } else {
            human(value)
        }
    }

    /// Prints the core's answer to `request` as JSON, as it came, with `--json`; else reads it as
    /// `Answer` (a type of `RotaAPI`) and lets `human` write it. An answer that is not one ends
    /// the command with status 1 and the reason.
    func output<Answer: Decodable>(_ value: JSONValue, as type: Answer.Type, request: String, human: (Answer) -> Void) throws {
        if json {
            Console.current.printJSON(value)
            return
        }
        do {
            human(try CoreAPI.decode(type, from: value, request: request))
        } catch {
            Console.current.printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

/// Log lines of the client from notice up, such as which core it now uses, written to the
/// command's standard error as `note: ...` lines.
private struct ConsoleNotices: LogHandler {
    let console: Console
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        console.printError("note: \(event.message)")
    }
}
