/// The `--name VALUE` options of a benchmark or reliability command's arguments.
public struct CommandOptions: Sendable {
    private let arguments: [String]

    /// The options in `arguments`, those of the command line after the executable.
    public init(_ arguments: [String]) {
        self.arguments = arguments
    }

    /// The whole number given after `name`, or `fallback` when it is not given or not a number.
    public func integer(_ name: String, default fallback: Int) -> Int {
        arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? fallback
    }
}
