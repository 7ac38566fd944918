import Foundation
import RotaSpawn
import RotaStore
import RotaTestSupport
import Testing

/// `rota db copy` killed while it copies commits nothing: the copy is one transaction, so the
/// target stays empty and a second copy starts from the beginning and succeeds.
@Suite struct DatabaseCopyCrashTests {
    /// Resources added to the filled core's database, so that the copy of that table takes
    /// several seconds and reports its progress before it ends.
    static let bulkResources = 250_000

    @Test func aCopyKilledMidwayCommitsNothingAndASecondCopySucceeds() async throws {
        let path = try await DatabaseCommandTests.filledDatabase()
        let database = TestDatabase(directory: URL(fileURLWithPath: path).deletingLastPathComponent())
        // A long write: on a thread of its own, so that it holds none of the threads the other
        // tests' tasks run on.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try database.execute(
                            """
                            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(Self.bulkResources))
                            INSERT INTO resource SELECT 'bulk-' || i, kind, name, cloud, account, region, parent, tags, ctime,
                                attributes, content_hash, expires, first_seen, clean_reason, clean_at, cleaned, protected,
                                graph_metadata, ancestors, graph_edges, replaced_by
                            FROM n, (SELECT * FROM resource LIMIT 1)
                            """)
                    })
            }
        }
        let url = try await TestPostgres.freshDatabaseURL()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("rota-copy-\(UUID().uuidString).log")
        try Data().write(to: errors)
        defer { try? FileManager.default.removeItem(at: errors) }
        let log = try FileHandle(forWritingTo: errors)
        let copy = try SpawnedProcess(
            try RotaProcess.executable.path, arguments: ["db", "copy", "--from", path, "--to", url], error: .descriptor(log.fileDescriptor))
        try log.close()
        try await eventually("the copy reports its progress through the resources") {
            String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self).contains("copying resource: ")
        }
        copy.signal(SIGKILL)
        #expect(await copy.waitUntilExit() == .killed(signal: SIGKILL), "the copy ended before it was killed")

        let again = await Rota.run(["db", "copy", "--from", path, "--to", url])
        #expect(again.status == 0, "the killed copy left rows behind: \(again)")
        let total = DatabaseCommandTests.resourceCount + Self.bulkResources
        #expect(again.lines.contains { $0.split(separator: " ") == ["resource", "\(total)", "\(total)"] }, "\(again)")
    }
}
