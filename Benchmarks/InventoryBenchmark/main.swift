import Foundation
import Logging
import NIOCore
import RotaClient
import RotaCore
import RotaModel
import RotaStore
import RotaWorker

// Measures how fast the inventory takes a collect: the `random` collector's cloud of N resources
// (default 1 000 000, in three accounts) is encoded as JSON lines once, then merged
//
//   - straight into a SQLiteStore (the store's own cost), and
//   - over HTTP into a core on loopback, streamed as the worker streams it (`POST /resources/merge`),
//
// each first into an empty inventory (every resource new) and then again (every resource
// unchanged). Every figure is the median of the repeats, each on a fresh database.
// Run it in release: `swift run -c release rota-inventory-bench [--resources N] [--repeats R]`.

let arguments = Array(CommandLine.arguments.dropFirst())
/// The value of option `name`, if given.
func option(_ name: String) -> Int? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
}
let resourceCount = option("--resources") ?? 1_000_000
let repeats = max(1, option("--repeats") ?? 3)
let chunkSize = 256 << 10

/// One account's snapshot as the bytes of its JSON lines.
struct EncodedSnapshot: Sendable {
    let cloud: String
    let account: String
    let lines: [UInt8]
    let count: Int
}

/// The body of a merge handed out in chunks, as an HTTP body arrives or a worker streams it.
struct Chunks<Element: Sendable>: AsyncSequence, Sendable {
    let bytes: [UInt8]
    let make: @Sendable (ArraySlice<UInt8>) -> Element

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let make: @Sendable (ArraySlice<UInt8>) -> Element
        var offset = 0

        mutating func next() async -> Element? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(offset + chunkSize, bytes.count)
            defer { offset = end }
            return make(bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes, make: make) }
}

/// A fresh, empty directory for one measurement's database.
func freshDirectory() -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-inventory-bench-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Merges every snapshot with `merge` twice (new, then unchanged); returns the seconds of each pass.
func measurePasses(
    _ snapshots: [EncodedSnapshot], merge: (EncodedSnapshot) async throws -> MergeSummary
) async throws -> (new: Double, unchanged: Double) {
    let clock = ContinuousClock()
    var passes: [Double] = []
    for pass in 0..<2 {
        var merged = 0
        let elapsed = try await clock.measure {
            for snapshot in snapshots {
                let summary = try await merge(snapshot)
                merged += pass == 0 ? summary.added : summary.unchanged
            }
        }
        precondition(merged == resourceCount, "pass \(pass) merged \(merged) of \(resourceCount) resources")
        passes.append(seconds(elapsed))
    }
    return (passes[0], passes[1])
}

/// One measurement of the store alone.
func measureStore(_ snapshots: [EncodedSnapshot]) async throws -> (new: Double, unchanged: Double) {
    let directory = freshDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try SQLiteStore(path: directory.appendingPathComponent("rota.db").path)
    return try await measurePasses(snapshots) { snapshot in
        try await store.mergeResources(
            cloud: snapshot.cloud, account: snapshot.account, body: Chunks(bytes: snapshot.lines) { Array($0) }, now: Date())
    }
}

/// One measurement through a core on loopback.
func measureCore(_ snapshots: [EncodedSnapshot]) async throws -> (new: Double, unchanged: Double) {
    let directory = freshDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var settings = CoreSettings()
    settings.port = 0
    settings.databasePath = directory.appendingPathComponent("rota.db").path
    settings.schedules = [:]
    var logger = Logger(label: "rota.bench")
    logger.logLevel = .error
    let core = try await Core.open(settings: settings, logger: logger)
    let running = Task { try await core.run() }
    defer { running.cancel() }
    let port = await core.port()
    let api = CoreAPI(connection: CoreConnection(url: URL(string: "http://127.0.0.1:\(port)")!))
    let result = try await measurePasses(snapshots) { snapshot in
        let body = Chunks(bytes: snapshot.lines) { ByteBuffer(bytes: $0) }
        let answer = try await api.post(
            "/resources/merge", query: [("cloud", snapshot.cloud), ("account", snapshot.account)], streaming: body,
            contentType: "application/x-ndjson")
        return try JSONDecoder().decode(MergeSummary.self, from: JSONEncoder().encode(answer))
    }
    await core.shutDown()
    _ = await running.result
    return result
}

struct Silent: CollectorFeedback {
    func progress(_ name: String, path: [String], current: Int, total: Int) {}
    func info(_ message: String) {}
    func error(_ message: String) {}
}

print("inventory: merging the random cloud of \(resourceCount) resources, median of \(repeats) repeats")
let encoder = ResourceLineEncoder()
let snapshots = try await RandomCollector(size: resourceCount, seed: 7).collect(feedback: Silent()).map { snapshot in
    var lines: [UInt8] = []
    lines.reserveCapacity(snapshot.resources.count * 320)
    for resource in snapshot.resources {
        encoder.encode(resource, into: &lines)
        lines.append(UInt8(ascii: "\n"))
    }
    return EncodedSnapshot(cloud: snapshot.cloud, account: snapshot.account, lines: lines, count: snapshot.resources.count)
}
let megabytes = Double(snapshots.map(\.lines.count).reduce(0, +)) / 1_048_576
print(String(format: "%d snapshots, %.0f MiB of JSON lines\n", snapshots.count, megabytes))
print("merge into            pass          seconds    resources/s")
for (name, measure) in [("store (SQLite)", measureStore), ("core (HTTP)", measureCore)] as [(String, ([EncodedSnapshot]) async throws -> (new: Double, unchanged: Double))] {
    var new: [Double] = []
    var unchanged: [Double] = []
    for _ in 0..<repeats {
        let passes = try await measure(snapshots)
        new.append(passes.new)
        unchanged.append(passes.unchanged)
    }
    for (pass, times) in [("all new", new), ("unchanged", unchanged)] {
        let median = times.sorted()[times.count / 2]
        let figures = String(format: "%10.2f %14.0f", median, Double(resourceCount) / median)
        print(name.padding(toLength: 21, withPad: " ", startingAt: 0) + pass.padding(toLength: 11, withPad: " ", startingAt: 0) + figures)
    }
}
