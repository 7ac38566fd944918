import Foundation
import RotaStore
import Testing

/// A merge's body waits in a file beside the database; a crash in the middle of a merge must not
/// leave such files behind for good.
@Suite("Merge spool leftovers")
struct MergeSpoolLeftoverTests {
    @Test func openingTheDatabaseRemovesTheBodiesOfInterruptedMergesAndNothingElse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let leftover = directory.appendingPathComponent(".rota-merge-\(UUID().uuidString)")
        let neighbour = directory.appendingPathComponent("notes.txt")
        try Data("{\"id\": \"i-1\"}\n".utf8).write(to: leftover)
        try Data("kept".utf8).write(to: neighbour)

        _ = try SQLiteStore(path: directory.appendingPathComponent("rota.db").path)

        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(FileManager.default.fileExists(atPath: neighbour.path))
    }
}
