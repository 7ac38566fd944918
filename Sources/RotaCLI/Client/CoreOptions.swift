import ArgumentParser
import Foundation
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

    /// Where the core is: `--core`, else `ROTA_CORE`, else localhost:8900; with `--psk` or `ROTA_PSK`.
    func connection() throws -> CoreConnection {
        try core.connection(environment: Console.current.environment)
    }

    /// Runs `body` with a client of the core. When the core cannot be reached or refuses a
    /// request, the reason goes to standard error and the command exits with status 1.
    @discardableResult
    func withAPI<Result>(_ body: (CoreAPI) async throws -> Result) async throws -> Result {
        let api = CoreAPI(connection: try connection())
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
