import Foundation

// Kills a real `rota core` process with SIGKILL at random moments of runs with actors attached
// (now and then again while it starts), starts it again on the same database and port each time,
// and checks at the end that every run finished exactly once, every action reached every actor
// and was answered, and the cron trigger fired once in every minute. Prints the figures and PASS,
// or FAIL with each broken invariant.
// `swift build` first (it builds the `rota` executable this command spawns), then
// `swift run rota-crash-test [--cycles 50] [--seed N]`.

let options: CrashOptions
do {
    options = try CrashOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-crash-test-\(UUID().uuidString)")
do {
    let outcome = try await CrashDriver(options: options, folder: folder).run()
    print(outcome.report(options: options))
    if outcome.problems.isEmpty {
        if !options.keep { try? FileManager.default.removeItem(at: folder) }
        exit(0)
    }
    print("the database, the definitions and each core's log are in \(folder.path)")
    exit(1)
} catch {
    print("FAIL: \(error) (seed \(options.seed)); the database and each core's log are in \(folder.path)")
    exit(1)
}
