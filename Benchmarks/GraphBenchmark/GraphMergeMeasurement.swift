import Foundation
import NIOCore
import RotaBenchmarkSupport
import RotaClient
import RotaModel
import RotaStore

/// The merges of a synthetic graph, twice in a row on a fresh database with the graph's model:
/// first every node is new, then every node is unchanged. Each pass's time is what a collect of
/// that graph costs the inventory, and its peak is the most memory the process held meanwhile.
struct GraphMergeMeasurement {
    /// One pass: its seconds and the process's peak resident memory, in bytes.
    struct Pass {
        var seconds: Double
        var peak: Int
    }

    /// The two passes of one measurement.
    struct Passes {
        var new: Pass
        var unchanged: Pass
    }

    /// The largest merge the store and the core are told to take: above any body measured.
    static let maximumMergeSize = 16 << 30

    let merges: [SyntheticGraph.Merge]

    /// The nodes a pass stores, over all its merges.
    var storedNodes: Int { merges.map(\.storedNodes).reduce(0, +) }

    /// Merges straight into a `SQLiteStore`: the store's own cost.
    func intoStore() async throws -> Passes {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-graph-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("rota.db").path)
        try await store.updateGraphKinds(SyntheticModel.bases)
        return try await passes { merge in
            try await store.mergeGraph(body: Chunks(merge.lines) { Array($0) }, now: Date(), maxSize: Self.maximumMergeSize)
        }
    }

    /// Streams the merges to a core over HTTP (`PUT /graph/fix/model`, then
    /// `POST /graph/fix/merge`), as the worker does.
    func throughCore() async throws -> Passes {
        let bench = try await BenchCore.start(maxMergeSize: Self.maximumMergeSize)
        do {
            try await bench.api.put("/graph/fix/model", json: SyntheticModel.json)
            let result = try await passes { merge in
                let answer = try await bench.api.post(
                    "/graph/fix/merge", query: [("wait_for_result", "true")], streaming: Chunks(merge.lines) { ByteBuffer(bytes: $0) },
                    contentType: "application/x-ndjson")
                return try CoreAPI.decode(GraphMergeSummary.self, from: answer, request: "POST /graph/fix/merge")
            }
            await bench.stop()
            return result
        } catch {
            await bench.stop()
            throw error
        }
    }

    /// Runs every merge twice, checking that the first pass added every node and the second
    /// found them unchanged, each with its deferred edges, nothing removed and no problem.
    private func passes(_ merge: (SyntheticGraph.Merge) async throws -> GraphMergeSummary) async throws -> Passes {
        let clock = ContinuousClock()
        var results: [Pass] = []
        for pass in 0..<2 {
            var total = GraphMergeSummary(replaced: [])
            ProcessMemory.resetPeak()
            let elapsed = try await clock.measure {
                for body in merges {
                    let summary = try await merge(body)
                    total.added += summary.added
                    total.updated += summary.updated
                    total.unchanged += summary.unchanged
                    total.removed += summary.removed
                    total.deferredEdges += summary.deferredEdges
                    total.problems += summary.problems
                    total.problemCount += summary.problemCount
                }
            }
            let expectedDeferred = merges.map(\.deferredEdges).reduce(0, +)
            // Merges by account each send the cloud node again, with that account's edge: it is
            // the one node that may read as updated.
            let cloudRewrites = merges.count > 1 ? merges.count : 0
            let stored = pass == 0 ? total.added == storedNodes - (merges.count - 1) : total.unchanged + total.updated == storedNodes
            guard stored, total.seen == storedNodes, total.updated <= cloudRewrites, total.removed == 0, total.problemCount == 0,
                total.deferredEdges == expectedDeferred
            else {
                throw BenchmarkFailure(
                    "pass \(pass + 1) of \(storedNodes) nodes: \(total.added) added, \(total.updated) updated, "
                        + "\(total.unchanged) unchanged, \(total.removed) removed, \(total.deferredEdges) of \(expectedDeferred) "
                        + "deferred edges, \(total.problemCount) problems \(total.problems.prefix(3))")
            }
            results.append(Pass(seconds: seconds(elapsed), peak: ProcessMemory.of("self").peak))
        }
        return Passes(new: results[0], unchanged: results[1])
    }
}
