import ArgumentParser

extension Console {
    /// Says a mistake in what the user typed that shows only once the command runs (options
    /// checked against what the core has), as a mistake found while parsing is said
    /// (`Error: ...`), and returns the exit status 64 to throw. A `ValidationError` thrown from
    /// `run()` would be followed by the usage of `rota` itself rather than of the command.
    func refuse(_ message: String) -> ExitCode {
        printError("Error: \(message)")
        return .validationFailure
    }
}
