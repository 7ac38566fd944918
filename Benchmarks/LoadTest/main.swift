import Foundation
import RotaBenchmarkSupport

// Loads a core in a process of its own: (a) many actors connected at once, answering every
// action of whole `collect_and_cleanup` runs, with the step transition times and the core's
// memory; (b) many idle subscribers connected, with the core's memory.
// Run it in release: `swift run -c release rota-load-test [--actors 1000] [--runs 10] [--idle 10000]`;
// `--actors 0` or `--idle 0` leaves a part out.

let arguments = Array(CommandLine.arguments.dropFirst())
try await ChildCore.serveIfAsked(arguments)
let options = CommandOptions(arguments)
let actors = options.integer("--actors", default: 1000)
let runs = options.integer("--runs", default: 10)
let idle = options.integer("--idle", default: 10_000)

/// Bytes as mebibytes, one decimal.
func mebibytes(_ bytes: Int) -> String {
    String(format: "%.1f MiB", Double(bytes) / 1_048_576)
}

let fileLimit = FileLimit.raiseToMaximum()
print("load: a core in a process of its own on loopback, SQLite in a temporary folder; open-file limit \(fileLimit)")
if fileLimit < idle + 100 {
    print("note: \(idle) connections need more open files than the limit of \(fileLimit) (ulimit -Hn); some will fail")
}

if actors > 0 {
    let result = try await ActorsMeasurement(actors: actors, runs: runs).run()
    let steps = 12
    let runTimes = result.runSeconds.sorted()
    print("\n(a) \(actors) actors connected at once, each blocking on every step of collect_and_cleanup (\(steps) steps), answering at once")
    print(String(format: "registered, connected    in %.1f s, %.1f s", result.registerSeconds, result.connectSeconds))
    print("runs                    \(runs), one after the other; \(result.answers) answers")
    print(String(format: "transition p50 / p99    %.2f ms / %.2f ms (%d transitions)", percentile(result.transitions, 0.5), percentile(result.transitions, 0.99), result.transitions.count))
    print(String(format: "run time                median %.3f s, max %.3f s; %.1f ms a step", percentile(runTimes, 0.5), runTimes.last ?? 0, percentile(runTimes, 0.5) * 1000 / Double(steps)))
    print(String(format: "answers/s               %.0f", Double(result.answers) / result.runSeconds.reduce(0, +)))
    print("core memory             VmRSS \(mebibytes(result.memory.resident)) after the runs, peak VmHWM \(mebibytes(result.memory.peak))")
    print("connections lost        \(result.lostConnections)")
}

if idle > 0 {
    let result = try await IdleMeasurement(subscribers: idle).run()
    let perSubscriber = Double(result.connected.resident - result.empty.resident) / Double(idle) / 1024
    print("\n(b) \(idle) idle subscribers connected (one subscription each)")
    print(String(format: "connected in            %.1f s; the core counts %d connected", result.connectSeconds, result.connectedByCore))
    print("core memory, empty      VmRSS \(mebibytes(result.empty.resident))")
    print("  registered            VmRSS \(mebibytes(result.registered.resident))")
    print("  all connected         VmRSS \(mebibytes(result.connected.resident)), peak VmHWM \(mebibytes(result.connected.peak))")
    print(String(format: "per subscriber          %.1f KiB", perSubscriber))
    print("this process (clients)  VmRSS \(mebibytes(result.clients.resident)) with the \(idle) client ends")
    print("target                  \(idle) subscribers within 300 MB: \(result.connected.resident <= 300_000_000 ? "met" : "NOT met")")
    print("connections lost        \(result.lostConnections)")
}
