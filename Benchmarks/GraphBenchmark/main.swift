import Foundation
import RotaBenchmarkSupport

// How fast the inventory takes a collect from Fix Inventory's worker: a synthetic graph of N
// nodes (default 1 000 000) in the worker's format, with its model put first, merged straight
// into a SQLiteStore and, streamed, over HTTP into a core on loopback (`POST /graph/fix/merge`);
// each first into an empty inventory (every node new), then again (every node unchanged). The
// graph is sent as one merge replacing its cloud, then as one merge per account replacing that
// account.
//
// Every figure is the median of the repeats, each on a fresh database; the peak is this
// process's resident memory at its highest during the pass, the body it sends included.
// Run it in release: `swift build -c release --product rota-graph-bench` then
// `.build/release/rota-graph-bench [--nodes N] [--accounts A] [--regions R] [--repeats K] [--searches 0]`;
// `--searches 0` names every deferred edge's ends by node id, leaving out the searches.

let options = CommandOptions(Array(CommandLine.arguments.dropFirst()))
let graph = SyntheticGraph(
    nodeCount: options.integer("--nodes", default: 1_000_000), accounts: options.integer("--accounts", default: 10),
    regionsPerAccount: options.integer("--regions", default: 8), searches: options.integer("--searches", default: 1) != 0)
let repeats = max(1, options.integer("--repeats", default: 3))

/// `text` padded with spaces to `width` characters.
func column(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
}

print(
    "graph merge: \(graph.nodeCount) nodes in \(graph.accounts) accounts of \(graph.regionsPerAccount) regions, "
        + "\(graph.searches ? "a deferred edge by search in each" : "deferred edges by node id only"); median of \(repeats) repeats\n")
print("replace   merges  MiB   into            pass          seconds      nodes/s   peak MiB")
for replace in SyntheticGraph.Replace.allCases {
    let measurement = GraphMergeMeasurement(merges: graph.merges(replace: replace))
    let megabytes = Double(measurement.merges.map(\.lines.count).reduce(0, +)) / 1_048_576
    for (name, measure) in [("store (SQLite)", measurement.intoStore), ("core (HTTP)", measurement.throughCore)] {
        var runs: [GraphMergeMeasurement.Passes] = []
        for _ in 0..<repeats { runs.append(try await measure()) }
        for (pass, figures) in [("all new", runs.map(\.new)), ("unchanged", runs.map(\.unchanged))] {
            let seconds = median(figures.map(\.seconds))
            let peak = median(figures.map { Double($0.peak) }) / 1_048_576
            print(
                column(replace.rawValue, 10) + column("\(measurement.merges.count)", 8) + column(String(format: "%.0f", megabytes), 6)
                    + column(name, 16) + column(pass, 11)
                    + String(format: "%10.2f %12.0f %10.0f", seconds, Double(graph.nodeCount) / seconds, peak))
        }
    }
}
