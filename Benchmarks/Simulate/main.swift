import Foundation
import RotaSimulation

// Runs the deterministic simulation of the core. `--seed N` replays one scenario and prints its
// inputs and actions and, if broken, the broken invariant; `--scenarios K [--from-seed S]` runs
// K scenarios, prints progress and scenarios per second, and exits 1 naming the first failing
// seed. Build it in release: `swift build -c release --product rota-simulate`.

/// Dictionaries and sets iterate in an order that depends on a seed the process draws at start;
/// the command starts itself again with that seed fixed, so that a seed replays the same
/// scenario in every process.
func fixHashSeed() {
    guard ProcessInfo.processInfo.environment["SWIFT_DETERMINISTIC_HASHING"] == nil else { return }
    setenv("SWIFT_DETERMINISTIC_HASHING", "1", 1)
    let path = Bundle.main.executablePath ?? CommandLine.arguments[0]
    let arguments = ([path] + CommandLine.arguments.dropFirst()).map { strdup($0) } + [nil]
    execv(path, arguments)
    FileHandle.standardError.write(Data("cannot start \(path) again: \(String(cString: strerror(errno)))\n".utf8))
    exit(2)
}

/// Writes one line to the standard output at once, so that progress shows while it runs.
func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

guard let options = SimulateOptions(Array(CommandLine.arguments.dropFirst())) else {
    FileHandle.standardError.write(Data((SimulateOptions.usage + "\n").utf8))
    exit(2)
}
fixHashSeed()

switch options {
case .replay(let seed):
    let outcome = Simulation.run(seed: seed, tracing: true)
    outcome.trace.forEach(printLine)
    printLine("seed \(seed): \(outcome.inputs) inputs, \(outcome.restarts) restarts, \(outcome.finishedRuns) runs finished")
    if let violation = outcome.violation {
        printLine("FAILED: \(violation)")
        exit(1)
    }
    printLine("every invariant held")
case .run(let count, let firstSeed):
    let clock = ContinuousClock()
    let began = clock.now
    var lastReport = began
    var done = 0
    func rate() -> Int {
        let elapsed = began.duration(to: clock.now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return seconds > 0 ? Int(Double(done) / seconds) : 0
    }
    let tally = Simulation.run(from: firstSeed, count: count) { outcome in
        done += 1
        if let violation = outcome.violation { printLine("seed \(outcome.seed): \(violation)") }
        guard lastReport.duration(to: clock.now) >= .seconds(10) else { return }
        lastReport = clock.now
        printLine("\(done) of \(count) scenarios, \(rate()) scenarios/s")
    }
    printLine(
        "\(tally.scenarios) scenarios from seed \(firstSeed) (\(tally.inputs) inputs, \(tally.restarts) restarts) at \(rate()) scenarios/s")
    for invariant in Invariant.allCases {
        guard let failures = tally.failures[invariant] else { continue }
        printLine("\(failures.count) scenarios broke \"\(invariant.rawValue)\", first at seed \(failures.firstSeed)")
    }
    if let failure = tally.firstFailure {
        printLine("FAILED at seed \(failure.seed); replay it with: rota-simulate --seed \(failure.seed)")
        exit(1)
    }
    printLine("every invariant held")
}
