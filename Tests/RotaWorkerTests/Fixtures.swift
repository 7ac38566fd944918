import Foundation
import RotaModel

@testable import RotaWorker

/// Small helpers that build what the collector tests need.
enum Fixtures {
    /// A fixed clock reading, so that collects made in one test compare equal.
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// A new empty directory for one test.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rota-worker-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An executable shell script with the given body, in `directory`.
    static func script(_ body: String, named name: String = "collector.sh", in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    /// The example exec collector of the docs, `docs/examples/exec-collector.sh`.
    static var exampleScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/examples/exec-collector.sh").path
    }

    /// Every resource of the snapshots, by id.
    static func byID(_ snapshots: [ResourceSnapshot]) -> [String: Resource] {
        Dictionary(snapshots.flatMap(\.resources).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The number of resources of the snapshots.
    static func count(_ snapshots: [ResourceSnapshot]) -> Int {
        snapshots.reduce(0) { $0 + $1.resources.count }
    }
}
