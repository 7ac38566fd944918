import Foundation
import RotaBenchmarkSupport
import Synchronization

// What a client that does not know the pre-shared key can cost a core: a core with a key in a
// process of its own, a real client (one salt, as Rota's clients) asking `GET /workflows` one
// request after another and starting a run every tenth request, timed alone and then while
// bogus tokens with fresh salts arrive, first from one client, then from several clients on
// addresses of their own (127.0.0.2 and on).
// Run it in release: `swift run -c release rota-auth-flood [--bogus 500] [--clients 4] [--connections 8] [--requests 200]`.

let arguments = Array(CommandLine.arguments.dropFirst())
try await ChildCore.serveIfAsked(arguments)
let options = CommandOptions(arguments)
let bogus = options.integer("--bogus", default: 500)
let clients = options.integer("--clients", default: 4)
let connections = options.integer("--connections", default: 8)
let requests = options.integer("--requests", default: 200)

/// The value at fraction `p` of `values` (sorted here), or zero for none.
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

/// Median and p99 of `values` in milliseconds, with their count.
func summary(_ values: [Double]) -> String {
    String(format: "median %7.2f ms, p99 %8.2f ms, max %8.2f ms (%d)", percentile(values, 0.5), percentile(values, 0.99), values.max() ?? 0, values.count)
}

let psk = "rota-auth-flood \(UUID().uuidString)"
let core = try ChildCore.start(settings: ["ROTA_PSK": psk])
let client = RealClient(psk: psk, port: core.port)
print("auth flood: a core with a pre-shared key in a process of its own on 127.0.0.1, \(ProcessInfo.processInfo.activeProcessorCount) cores")
_ = await client.measure(minimum: 10) { true }

let cpuAlone = core.cpuSeconds
let alone = await client.measure(minimum: requests) { true }
let cpuAloneUsed = (core.cpuSeconds ?? 0) - (cpuAlone ?? 0)
print("\nalone (\(requests) requests)")
print("  GET /workflows        \(summary(alone.requests))")
print("  run start             \(summary(alone.runStarts))")
print(String(format: "  core CPU              %.2f s", cpuAloneUsed))

/// Measures the real client while `flood` runs, and prints both.
func measure(during flood: BogusFlood, title: String) async {
    let done = Atomic(false)
    let cpuBefore = core.cpuSeconds
    async let outcome = { () async -> BogusFlood.Outcome in
        let outcome = await flood.run()
        done.store(true, ordering: .sequentiallyConsistent)
        return outcome
    }()
    let latencies = await client.measure(minimum: 20) { done.load(ordering: .sequentiallyConsistent) }
    let result = await outcome
    let cpu = (core.cpuSeconds ?? 0) - (cpuBefore ?? 0)
    let others = result.statuses.filter { ![401, 429, 503].contains($0.key) }.map { "\($0.value) × \($0.key)" }
    print("\n\(title)")
    print("  bogus tokens sent     \(result.sent) in \(String(format: "%.1f", result.seconds)) s (\(flood.connectionsPerClient) connections a client)")
    print("  answered              401: \(result.count(401)), 429: \(result.count(429)), 503: \(result.count(503))"
        + (others.isEmpty ? "" : ", other: \(others.joined(separator: ", "))") + (result.failedExchanges > 0 ? ", no answer: \(result.failedExchanges)" : ""))
    print("  key derivations       \(result.count(401)) (one for each 401: every bogus salt is new)")
    print("  GET /workflows        \(summary(latencies.requests))")
    print("  run start             \(summary(latencies.runStarts))")
    print("  refused real requests \(latencies.refused)")
    print(String(format: "  core CPU              %.2f s", cpu))
    print("  target                p99 under 100 ms: \(percentile(latencies.requests, 0.99) < 100 ? "met" : "NOT met")")
}

await measure(
    during: BogusFlood(sources: ["127.0.0.1"], tokensPerClient: bogus, connectionsPerClient: connections, port: core.port),
    title: "flood: 1 client on 127.0.0.1 (the real client's address) sends \(bogus) bogus tokens")
let sources = (0..<clients).map { "127.0.0.\($0 + 2)" }
await measure(
    during: BogusFlood(sources: sources, tokensPerClient: bogus, connectionsPerClient: connections, port: core.port),
    title: "flood: \(clients) clients on \(sources.first ?? "")…\(sources.last ?? "") send \(bogus) bogus tokens each")
await core.stop()
