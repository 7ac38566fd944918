import Foundation

/// What the crash test is told on its command line.
struct CrashOptions {
    /// How many times the core is killed.
    var cycles = 50
    /// The seed of every random choice: which moment is killed, how long actors take to answer.
    var seed = UInt64.random(in: 1...999_999)
    /// Over how many minutes the kills are spread; one kill is aimed at each full minute, so that
    /// the cron trigger is due while the core is down or just starting. 0 kills as fast as runs go.
    var minutes = 3
    /// How many actors answer every action.
    var actors = 3
    /// How many runs of the test workflow are kept going at once.
    var runsInFlight = 3
    /// The longest an actor waits before it answers, in milliseconds.
    var maxAnswerDelay = 150
    /// The longest wait between the chosen action and the kill, in milliseconds.
    var maxKillDelay = 250
    /// The `rota` executable; by default the one beside this command.
    var rotaPath: String?
    /// Whether the temporary folder (database, definitions, the core's logs) stays after a pass.
    var keep = false

    static let usage = """
        usage: rota-crash-test [--cycles N] [--seed N] [--minutes N] [--actors N] [--runs N] [--answer-delay MS] [--kill-delay MS] [--rota PATH] [--keep]
        """

    /// Reads `arguments` (without the command's name).
    static func parse(_ arguments: [String]) throws -> CrashOptions {
        var options = CrashOptions()
        var remaining = arguments[...]
        func number(_ flag: String) throws -> Int {
            guard let text = remaining.popFirst(), let value = Int(text), value > 0 else {
                throw CrashTestFailure("\(flag) needs a number greater than 0\n\(usage)")
            }
            return value
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--cycles": options.cycles = try number(flag)
            case "--seed": options.seed = UInt64(try number(flag))
            case "--minutes":
                guard let text = remaining.popFirst(), let value = Int(text), value >= 0 else {
                    throw CrashTestFailure("--minutes needs a number, 0 or more\n\(usage)")
                }
                options.minutes = value
            case "--actors": options.actors = try number(flag)
            case "--runs": options.runsInFlight = try number(flag)
            case "--answer-delay": options.maxAnswerDelay = try number(flag)
            case "--kill-delay": options.maxKillDelay = try number(flag)
            case "--rota":
                guard let path = remaining.popFirst() else { throw CrashTestFailure("--rota needs a path\n\(usage)") }
                options.rotaPath = path
            case "--keep": options.keep = true
            default: throw CrashTestFailure("unknown argument \"\(flag)\"\n\(usage)")
            }
        }
        return options
    }
}
