/// How a `rota` command ended: its exit status and what it printed.
struct CommandResult: CustomStringConvertible {
    let status: Int32
    let output: String
    let errors: String

    /// The lines of standard output.
    var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }

    var description: String { "exit \(status)\nstdout:\n\(output)\nstderr:\n\(errors)" }
}
