import Foundation
import RotaModel
import RotaTestSupport
import RotaWorker
import Testing

/// A collector written in shell, run by the worker through `exec:`, against a real core: it
/// passes through collect, cleanup_plan and cleanup like the shipped ones.
@Suite struct ExecCollectorEndToEndTests {
    /// A made-up cloud in a file of JSON lines: an expired instance with its expired volume, and a
    /// bucket that never expires. It refuses to delete an instance that still has a volume, and
    /// writes every deletion to a second file.
    static let script = #"""
        #!/bin/sh
        set -eu
        state="$(dirname "$0")/cloud.jsonl"
        deleted="$(dirname "$0")/deleted.txt"
        case "$1" in
        collect)
            if [ ! -f "$state" ]; then
                cat > "$state" <<'LINES'
        {"id":"sh:lab:instance:vm-1","kind":"instance","cloud":"sh","account":"lab","region":"r1","tags":{"rota:expires":"2020-01-01T00:00:00Z"},"attributes":{"instance_cores":2,"instance_memory":4}}
        {"id":"sh:lab:volume:vm-1-root","kind":"volume","cloud":"sh","account":"lab","region":"r1","parent":"sh:lab:instance:vm-1","tags":{"rota:expires":"2020-01-01T00:00:00Z"},"attributes":{"volume_size":20}}
        {"id":"sh:lab:bucket:photos","kind":"bucket","cloud":"sh","account":"lab","region":"r1","tags":{"expiration":"never"}}
        LINES
            fi
            echo '{"cloud":"sh","account":"lab"}'
            cat "$state"
            echo "read $(wc -l < "$state" | tr -d ' ') resources" >&2
            ;;
        delete)
            cat > /dev/null
            if grep -qF "\"parent\":\"$2\"" "$state"; then
                echo "$2 still has a volume" >&2
                exit 1
            fi
            grep -vF "\"id\":\"$2\"" "$state" > "$state.new" || true
            mv "$state.new" "$state"
            echo "$2" >> "$deleted"
            ;;
        esac
        """#

    @Test func aShellCollectorGoesThroughCollectCleanupPlanAndCleanup() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let program = directory.appendingPathComponent("collector.sh")
        try Self.script.write(to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        let collector = try #require(try CollectorCatalog.collectors(named: "exec:\(program.path)").first)

        try await withCore { core in
            try await withWorker([collector], of: core, cleanupExpired: true, cleanup: true) {
                let (collected, collectLog) = try await core.completedRun("collect")
                #expect(collected["errors"] == 0)
                #expect(try await core.resources("cloud=sh").keys.sorted() == [
                    "sh:lab:bucket:photos", "sh:lab:instance:vm-1", "sh:lab:volume:vm-1-root",
                ])
                #expect(messages(collectLog, level: "info").contains("exec:\(program.path): read 3 resources"))

                let (cleaned, cleanupLog) = try await core.completedRun("cleanup")
                #expect(cleaned["errors"] == 0, "\(cleanupLog)")
                let deleted = try String(contentsOf: directory.appendingPathComponent("deleted.txt"), encoding: .utf8)
                #expect(deleted == "sh:lab:volume:vm-1-root\nsh:lab:instance:vm-1\n")
                #expect(try await core.resources("cleaned=true").keys.sorted() == ["sh:lab:instance:vm-1", "sh:lab:volume:vm-1-root"])

                _ = try await core.completedRun("collect")
                #expect(try await core.resources("cloud=sh").keys.sorted() == ["sh:lab:bucket:photos"])
            }
        }
    }
}
