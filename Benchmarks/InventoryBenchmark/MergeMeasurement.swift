import Foundation
import Logging
import NIOCore
import RotaBenchmarkSupport
import RotaClient
import RotaModel
import RotaStore
import RotaWorker

/// One account's snapshot as the bytes of its JSON lines.
struct EncodedSnapshot: Sendable {
    let cloud: String
    let account: String
    let lines: [UInt8]

    /// The snapshots of the `random` collector's cloud of `size` resources, encoded once.
    static func randomCloud(size: Int) async throws -> [EncodedSnapshot] {
        let encoder = ResourceLineEncoder()
        return try await RandomCollector(size: size, seed: 7).collect(feedback: SilentFeedback()).map { snapshot in
            var lines: [UInt8] = []
            lines.reserveCapacity(snapshot.resources.count * 320)
            for resource in snapshot.resources {
                encoder.encode(resource, into: &lines)
                lines.append(UInt8(ascii: "\n"))
            }
            return EncodedSnapshot(cloud: snapshot.cloud, account: snapshot.account, lines: lines)
        }
    }
}

/// Merges of a whole cloud, twice in a row on a fresh database: first every resource is new,
/// then every resource is unchanged. Each pass's time is what a collect of that cloud costs the
/// inventory.
struct MergeMeasurement {
    /// The seconds of each pass.
    struct Passes {
        var new: Double
        var unchanged: Double
    }

    let snapshots: [EncodedSnapshot]
    let resourceCount: Int

    /// Merges straight into a `SQLiteStore`: the store's own cost.
    func intoStore() async throws -> Passes {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-inventory-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("rota.db").path)
        return try await passes { snapshot in
            try await store.mergeResources(
                cloud: snapshot.cloud, account: snapshot.account, body: Chunks(snapshot.lines) { Array($0) }, now: Date())
        }
    }

    /// Merges straight into a `PostgresStore` on a new database of the server at `serverURL`,
    /// dropped afterwards: the store's own cost, beside SQLite's.
    func intoPostgres(serverURL: String) async throws -> Passes {
        let database = try await FreshPostgresDatabase.create(on: serverURL)
        var logger = Logger(label: "rota.inventory-bench")
        logger.logLevel = .critical
        do {
            let store = try await PostgresStore.open(database.url, logger: logger)
            defer { store.close() }
            let result = try await passes { snapshot in
                try await store.mergeResources(
                    cloud: snapshot.cloud, account: snapshot.account, body: Chunks(snapshot.lines) { Array($0) }, now: Date())
            }
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    /// Streams the merges to a core over HTTP (`POST /resources/merge`), as the worker does.
    func throughCore() async throws -> Passes {
        let bench = try await BenchCore.start()
        do {
            let result = try await passes { snapshot in
                let answer = try await bench.api.post(
                    "/resources/merge", query: [("cloud", snapshot.cloud), ("account", snapshot.account)],
                    streaming: Chunks(snapshot.lines) { ByteBuffer(bytes: $0) }, contentType: "application/x-ndjson")
                return try CoreAPI.decode(MergeSummary.self, from: answer, request: "POST /resources/merge")
            }
            await bench.stop()
            return result
        } catch {
            await bench.stop()
            throw error
        }
    }

    private func passes(_ merge: (EncodedSnapshot) async throws -> MergeSummary) async throws -> Passes {
        let clock = ContinuousClock()
        var times: [Double] = []
        for pass in 0..<2 {
            var merged = 0
            let elapsed = try await clock.measure {
                for snapshot in snapshots {
                    let summary = try await merge(snapshot)
                    merged += pass == 0 ? summary.added : summary.unchanged
                }
            }
            precondition(merged == resourceCount, "pass \(pass + 1) merged \(merged) of \(resourceCount) resources")
            times.append(seconds(elapsed))
        }
        return Passes(new: times[0], unchanged: times[1])
    }
}

/// Feedback that goes nowhere: the benchmark reads the collector's result only.
struct SilentFeedback: CollectorFeedback {
    func progress(_ name: String, path: [String], current: Int, total: Int) {}
    func info(_ message: String) {}
    func error(_ message: String) {}
}
