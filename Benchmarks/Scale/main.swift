import Foundation
import RotaBenchmarkSupport

// Builds one `CoreMachine` (the core's rules, no I/O) with N workflows with cron triggers and N
// active runs waiting for events, for each N given, and prints its memory and the cost of one
// tick and of one client event, with how each grows per tenfold of N. A tick must cost in
// proportion to what is due, an event in proportion to the runs and triggers it reaches. Then,
// for the same N, it times events end to end through the core's ingress (`TaskHandler`) on a
// real SQLite store, for N up to `--store-largest` (`--store-repeats 0` leaves that out).
// Run it in release:
// `swift run -c release rota-scale-bench [N...] [--repeats R] [--warm-up W] [--due D] [--store-repeats S] [--store-largest L]`.

let arguments = Array(CommandLine.arguments.dropFirst())
let options = CommandOptions(arguments)
/// The minutes of day 1 bound the repetitions: a background trigger is due on day 2.
let longestRun = 1400
let warmUp = min(max(options.integer("--warm-up", default: 100), 0), longestRun)
let repeats = min(max(options.integer("--repeats", default: 1000), 1), longestRun - warmUp)
let dueCount = min(max(options.integer("--due", default: 10), 1), 1000)
let storeRepeats = min(max(options.integer("--store-repeats", default: 300), 0), 100_000)
/// The largest N timed on SQLite: setting up the runs there grows faster than N (each run start
/// counts in the metrics registry, whose cost grows with the workflows that have run).
let storeLargest = options.integer("--store-largest", default: 10_000)
let optionValues = Set(arguments.indices.filter { $0 > 0 && arguments[$0 - 1].hasPrefix("--") })
let sizes = arguments.indices.filter { !optionValues.contains($0) && !arguments[$0].hasPrefix("--") }.compactMap { Int(arguments[$0]) }
    .filter { $0 > 0 && $0 <= 1_000_000 }.nonEmpty ?? [1000, 10_000, 100_000]

print("scale: N workflows with cron triggers and N runs waiting for events in one CoreMachine")
print("every batch reported stored at once; \(dueCount) every-minute workflows are due at each minute")
print("median and p99 of \(repeats) repetitions after \(warmUp) warm-up, in microseconds\n")

// A small machine first, unreported, so that the memory of the first size does not count what
// the process allocates once (the runtime's and Foundation's own tables).
_ = try? ScaleMeasurement(workload: ScaleWorkload(size: 100, dueCount: dueCount), warmUp: 0, repeats: 1).run()

var results: [ScaleFigures] = []
for size in sizes {
    let measurement = ScaleMeasurement(workload: ScaleWorkload(size: size, dueCount: dueCount), warmUp: warmUp, repeats: repeats)
    do {
        results.append(try measurement.run())
    } catch {
        print("size \(size): \(error)")
        exit(1)
    }
}

print("          N    setup s   RSS growth MiB   bytes per workflow and run   x per tenfold")
for (index, figures) in results.enumerated() {
    let growth = index == 0 ? "" : String(format: "%.2fx", perTenfold(Double(figures.residentGrowth), Double(results[index - 1].residentGrowth), figures.size, results[index - 1].size))
    let line = String(
        format: "%11d %10.1f %16.1f %28.0f", figures.size, figures.setupSeconds, Double(figures.residentGrowth) / 1_048_576,
        Double(figures.residentGrowth) / Double(figures.size))
    print(line + growth.leftPadded(16))
}

let inputs: [(String, KeyPath<ScaleFigures, Samples>)] = [
    ("tick, nothing due", \.tickNothingDue),
    ("tick, \(dueCount) workflows due", \.tickSomeDue),
    ("event that matches nothing", \.eventUnmatched),
    ("event that starts a run", \.eventStartsRun),
    ("event that ends a waiting run", \.eventWakesRun),
]
print("\ninput                                    N     p50 µs     p99 µs   p50 x per tenfold")
for (name, path) in inputs {
    for (index, figures) in results.enumerated() {
        let samples = figures[keyPath: path]
        let growth = index == 0 ? "" : String(format: "%.2fx", perTenfold(samples.median, results[index - 1][keyPath: path].median, figures.size, results[index - 1].size))
        let figuresText = String(format: "%10d %10.2f %10.2f", figures.size, samples.median / 1000, samples.p99 / 1000)
        print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + " " + figuresText + growth.leftPadded(20))
    }
}

if storeRepeats > 0 {
    print("\nend to end: TaskHandler on SQLite, the same workflows and runs; median and p99 of \(storeRepeats) repetitions, in microseconds\n")
    var stored: [StoreFigures] = []
    for size in sizes where size <= storeLargest {
        do {
            stored.append(try await StoreMeasurement(workload: ScaleWorkload(size: size, dueCount: dueCount), repeats: storeRepeats).run())
        } catch {
            print("size \(size) on SQLite: \(error)")
            exit(1)
        }
    }
    print("          N    setup s")
    for figures in stored { print(String(format: "%11d %10.1f", figures.size, figures.setupSeconds)) }
    let storeInputs: [(String, KeyPath<StoreFigures, Samples>)] = [
        ("event that matches nothing", \.eventUnmatched),
        ("event that ends a run, restart", \.eventEndsRunAndRestart),
    ]
    print("\ninput                                    N     p50 µs     p99 µs   p50 x per tenfold")
    for (name, path) in storeInputs {
        for (index, figures) in stored.enumerated() {
            let samples = figures[keyPath: path]
            let growth = index == 0 ? "" : String(format: "%.2fx", perTenfold(samples.median, stored[index - 1][keyPath: path].median, figures.size, stored[index - 1].size))
            let figuresText = String(format: "%10d %10.2f %10.2f", figures.size, samples.median / 1000, samples.p99 / 1000)
            print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + " " + figuresText + growth.leftPadded(20))
        }
    }
}

/// How much `value` grows per tenfold of N, from `previous` at `previousSize` to `value` at `size`.
func perTenfold(_ value: Double, _ previous: Double, _ size: Int, _ previousSize: Int) -> Double {
    let tenfolds = log10(Double(size) / Double(previousSize))
    guard tenfolds > 0, previous > 0 else { return .nan }
    return pow(value / previous, 1 / tenfolds)
}

extension Collection {
    var nonEmpty: Self? { isEmpty ? nil : self }
}

extension String {
    /// The string with spaces before it up to `width` characters.
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
