import Foundation
import Logging
import RotaCore
import RotaFrameFuzz
import RotaModel

// Fuzzes a core's WebSockets: generated frames (valid, mutated and random messages, huge ones
// up to and past the frame limit, deep nesting, bytes that are not UTF-8, binary, control and
// fragmented frames, protocol violations) at an actor's connection and at /events of a core
// running in this process, checking that every message is answered (message_refused, or
// published), every ping ponged, and every violation closed with a close frame.
// Run it in release: `swift run -c release rota-fuzz-ws [--frames 1000000] [--seed N]
// [--max-frame-size BYTES] [--batch FRAMES]`. Exits with 1 when the core did anything wrong.

let arguments = Array(CommandLine.arguments.dropFirst())
/// The value of option `name`, if given.
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}
let frames = option("--frames").flatMap(Int.init) ?? 1_000_000
let seed = option("--seed").flatMap(UInt64.init) ?? UInt64.random(in: 1...999_999)
let maxFrameSize = option("--max-frame-size").flatMap(Int.init) ?? CoreSettings().maxFrameSize
let batch = option("--batch").flatMap(Int.init) ?? 32

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-fuzz-ws-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: directory) }
var coreSettings = CoreSettings()
coreSettings.port = 0
coreSettings.databasePath = directory.appendingPathComponent("rota.db").path
coreSettings.schedules = [:]
coreSettings.maxFrameSize = maxFrameSize
var logger = Logger(label: "rota.fuzz")
logger.logLevel = .critical
let core = try await Core.open(settings: coreSettings, logger: logger)
let serving = Task { try await core.run() }
let port = try await core.port()
let actorId = "fuzz-actor"
_ = try await core.subscribe(actorId, to: [Subscription(messageType: FuzzSettings.actorMessageType, timeout: 60)])

var settings = FuzzSettings(port: port, actorId: actorId, frames: frames, seed: seed, maxFrameSize: maxFrameSize)
settings.batchFrames = batch
let startMemory = ResidentMemory.now()
print("rota-fuzz-ws: \(frames) frames, seed \(seed), max_frame_size \(maxFrameSize) bytes, batches of about \(batch) frames")
print("core in this process on port \(port); RSS at start \(startMemory.map { ResidentMemory.megabytes($0.current) } ?? "unknown")\n")
print("    frames   frames/s   failures   reconnects        RSS")
let report = try await FrameFuzzer(settings: settings).run { report in
    let memory = ResidentMemory.now().map { ResidentMemory.megabytes($0.current) } ?? "unknown"
    print(String(format: "%10d %10.0f %10d %12d ", report.totalFrames, report.framesPerSecond, report.failureCount, report.reconnects) + memory)
}
let endMemory = ResidentMemory.now()
await core.shutDown()
_ = await serving.result

print("\nframes by category (units in parentheses):")
for category in FrameCategory.allCases where report.frames[category] != nil {
    let name = category.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
    print("  " + name + String(format: "%10d  (%d)", report.frames[category]!, report.units[category] ?? 0))
}
print(String(format: "\n%d frames, %d units, %.1f MiB in %.1f s: %.0f frames/s", report.totalFrames, report.units.values.reduce(0, +),
    Double(report.bytesSent) / 1_048_576, Double(report.elapsed.components.seconds) + Double(report.elapsed.components.attoseconds) / 1e18,
    report.framesPerSecond))
print("answers: \(report.refused) refused, \(report.published) published, \(report.pongs) pongs; \(report.reconnects) reconnections")
print("\nclose codes and reasons, by the unit that caused them:")
for (close, count) in report.closes.sorted(by: { $0.key < $1.key }) { print(String(format: "  %8d  ", count) + close) }
print("closes the core began without a reason text: \(report.closesWithoutReason)")
if let startMemory, let endMemory {
    print("\nRSS: start \(ResidentMemory.megabytes(startMemory.current)), peak \(ResidentMemory.megabytes(endMemory.peak)), end \(ResidentMemory.megabytes(endMemory.current))")
}
print("\nfailures: \(report.failureCount)")
for failure in report.failures { print("- " + failure) }
if report.failureCount > 0 {
    print("\nrepeat with: swift run -c release rota-fuzz-ws --frames \(frames) --seed \(seed) --max-frame-size \(maxFrameSize) --batch \(batch)")
    exit(1)
}
