import Foundation

// Runs two `rota core` processes on one PostgreSQL database with actors attached and runs in
// progress, kills the leader with SIGKILL at random moments (starting it again as a standby each
// time), and prints how long the standby took to lead and the interrupted runs to move again
// (median and maximum), then checks that every run finished exactly once. Prints PASS or FAIL.
// `swift build` first (it builds the `rota` executable this command spawns), then
// `swift run rota-failover-bench --db postgres://USER@HOST/EMPTY_DB [--kills 20]`.

let options: FailoverOptions
do {
    options = try FailoverOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-failover-bench-\(UUID().uuidString)")
do {
    let outcome = try await FailoverDriver(options: options, folder: folder).run()
    print(outcome.report(options: options))
    if outcome.problems.isEmpty {
        try? FileManager.default.removeItem(at: folder)
        exit(0)
    }
    print("each core's log is in \(folder.path)")
    exit(1)
} catch {
    print("FAIL: \(error) (seed \(options.seed)); each core's log is in \(folder.path)")
    exit(1)
}
