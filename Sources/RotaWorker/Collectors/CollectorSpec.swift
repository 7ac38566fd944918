import Foundation

/// One collector as named on the command line, with its options read: `example`, `local`,
/// `random:size=100000:seed=7`, `exec:/path/to/program --flag`.
enum CollectorSpec: Sendable, Hashable {
    case example
    case local
    case random(size: Int, seed: UInt64)
    case exec(program: String, arguments: [String])

    /// Reads one entry of the `--collector` list.
    init(parsing entry: Substring) throws(CollectorSpecError) {
        let entry = Substring(entry.trimmingCharacters(in: .whitespaces))
        let name = entry.prefix { $0 != ":" }
        let options = entry.dropFirst(name.count + 1)
        let hasOptions = entry.count > name.count
        switch name {
        case "example", "local":
            guard !hasOptions else {
                throw .badOptions(collector: String(name), message: "takes no options, got \"\(entry)\"")
            }
            self = name == "example" ? .example : .local
        case "random":
            let list = hasOptions ? options.split(separator: ":", omittingEmptySubsequences: false) : []
            self = try Self.random(options: list)
        case "exec":
            let words = options.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let program = words.first else {
                throw .badOptions(collector: "exec", message: "needs a program: exec:/path/to/program [arguments]")
            }
            self = .exec(program: program, arguments: Array(words.dropFirst()))
        default:
            throw .unknown(name: String(name))
        }
    }

    private static func random(options: [Substring]) throws(CollectorSpecError) -> CollectorSpec {
        var size = RandomCollector.defaultSize
        var seed = RandomCollector.defaultSeed
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count == 2 ? parts[1] : ""
            switch parts[0] {
            case "size" where parts.count == 2:
                guard let number = Int(value), (0...RandomCollector.maximumSize).contains(number) else {
                    let range = "from 0 to \(RandomCollector.maximumSize)"
                    throw .badOptions(
                        collector: "random", message: "size must be a whole number \(range), got \"\(value)\"")
                }
                size = number
            case "seed" where parts.count == 2:
                guard let number = UInt64(value) else {
                    throw .badOptions(
                        collector: "random", message: "seed must be a whole number of at least 0, got \"\(value)\"")
                }
                seed = number
            default:
                throw .badOptions(
                    collector: "random",
                    message: "unknown option \"\(option)\"; options are size=N and seed=N, "
                        + "e.g. random:size=1000:seed=1")
            }
        }
        return .random(size: size, seed: seed)
    }
}
