import Foundation
import RotaBenchmarkSupport
import RotaStore

// How fast the inventory takes a collect, and how long a whole collect_and_cleanup lasts.
//
// Merge: the `random` collector's cloud of N resources (default 1 000 000, in three accounts) is
// encoded as JSON lines once, then merged straight into a SQLiteStore and, streamed, over HTTP
// into a core on loopback; each first into an empty inventory (every resource new), then again
// (every resource unchanged).
//
// Cycle: collect_and_cleanup on a core with a worker that collects a random cloud of M resources
// (default 100 000), marks the expired ones and deletes them, and the metrics exporter; the first
// run stores the cloud, the second finds it unchanged.
//
// With `--db postgres://USER@HOST:PORT/DB`, the merge is also measured straight into a
// PostgresStore, beside SQLite, each repeat on a new database made on that server (the user
// needs the right to create databases) and dropped afterwards.
//
// Every figure is the median of the repeats, each on a fresh database.
// Run it in release:
// `swift run -c release rota-inventory-bench [--resources N] [--cycle-size M] [--repeats R] [--db URL]`;
// `--resources 0` or `--cycle-size 0` leaves that part out.

let arguments = Array(CommandLine.arguments.dropFirst())
/// The value of option `name`, if given.
func option(_ name: String) -> Int? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
}
/// The text of option `name`, if given.
func textOption(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}
let resourceCount = option("--resources") ?? 1_000_000
let cycleSize = option("--cycle-size") ?? 100_000
let repeats = max(1, option("--repeats") ?? 3)
let postgresURL = textOption("--db")
if let postgresURL, !PostgresURL.isPostgres(postgresURL) {
    throw BenchmarkFailure("--db takes a PostgreSQL URL, postgres://USER[:PASSWORD]@HOST[:PORT]/DB")
}

/// `text` padded with spaces to `width` characters.
func column(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
}

if resourceCount > 0 {
    let snapshots = try await EncodedSnapshot.randomCloud(size: resourceCount)
    let megabytes = Double(snapshots.map(\.lines.count).reduce(0, +)) / 1_048_576
    print("merge: the random cloud of \(resourceCount) resources in \(snapshots.count) snapshots, "
        + String(format: "%.0f MiB of JSON lines; median of %d repeats\n", megabytes, repeats))
    print("merge into            pass          seconds    resources/s")
    let measurement = MergeMeasurement(snapshots: snapshots, resourceCount: resourceCount)
    var targets = [("store (SQLite)", measurement.intoStore)]
    if let postgresURL { targets.append(("store (PostgreSQL)", { try await measurement.intoPostgres(serverURL: postgresURL) })) }
    targets.append(("core (HTTP)", measurement.throughCore))
    for (name, measure) in targets {
        var passes: [MergeMeasurement.Passes] = []
        for _ in 0..<repeats { passes.append(try await measure()) }
        for (pass, times) in [("all new", passes.map(\.new)), ("unchanged", passes.map(\.unchanged))] {
            let seconds = median(times)
            print(column(name, 21) + column(pass, 11) + String(format: "%10.2f %14.0f", seconds, Double(resourceCount) / seconds))
        }
    }
    print()
}

if cycleSize > 0 {
    print("cycle: collect_and_cleanup with the random cloud of \(cycleSize) resources, cleanup on; median of \(repeats) repeats\n")
    let steps = CycleMeasurement.shownSteps
    print(column("run", 12) + column("whole run", 12) + steps.map { column($0, 18) }.joined())
    var runs: [[CycleMeasurement.Run]] = []
    for _ in 0..<repeats { runs.append(try await CycleMeasurement(size: cycleSize).measure()) }
    for (index, name) in ["first", "second"].enumerated() {
        let these = runs.map { $0[index] }
        let figures = [median(these.map(\.total))] + steps.map { step in median(these.map { $0.steps[step] ?? 0 }) }
        let texts = figures.map { String(format: "%.2f s", $0) }
        print(column(name, 12) + column(texts[0], 12) + texts.dropFirst().map { column($0, 18) }.joined())
    }
}
