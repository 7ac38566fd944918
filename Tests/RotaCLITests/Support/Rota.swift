import ArgumentParser
import RotaCLI
import RotaTestSupport

/// Runs `rota` commands in this process, as the executable would, with a captured console.
enum Rota {
    /// Runs `rota ARGUMENTS` to its end.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], isTerminal: Bool = false
    ) async -> CommandResult {
        await run(arguments, on: CapturedConsole(environment: environment, isTerminal: isTerminal))
    }

    /// Runs `rota ARGUMENTS` to its end, writing to `captured`, which the test may read meanwhile.
    static func run(_ arguments: [String], on captured: CapturedConsole) async -> CommandResult {
        let console = captured.console
        let status: Int32 = await Console.$current.withValue(console) {
            do {
                var command = try RotaCommand.parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return 0
            } catch {
                let message = RotaCommand.fullMessage(for: error)
                if !message.isEmpty { console.printError(message) }
                return RotaCommand.exitCode(for: error).rawValue
            }
        }
        return CommandResult(status: status, output: captured.output, errors: captured.errors)
    }

    /// Runs `rota ARGUMENTS` against `core`, with `--core` set to it.
    static func run(_ arguments: [String], against core: TestCore, isTerminal: Bool = false) async -> CommandResult {
        await run(arguments + core.cliArguments, isTerminal: isTerminal)
    }
}
