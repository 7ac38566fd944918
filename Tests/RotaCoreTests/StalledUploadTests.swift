import Foundation
import RotaModel
import RotaTestSupport
import Testing

@Suite("Resource merges that arrive slowly or are too large")
struct StalledUploadTests {
    static func line(_ number: Int) -> String { #"{"id": "vm-\#(number)", "kind": "instance", "region": "eu-1"}"# + "\n" }

    @Test func runStartsAndFinishesWhileAMergeStallsInTheMiddleOfItsBody() async throws {
        try await TestCore.with(workflows: [TestWorkflows.single("wf", "nobody_subscribes")]) { core in
            let upload = try RawConnection(port: core.port)
            defer { upload.reset() }
            try upload.send(
                "POST /resources/merge?cloud=test&account=prod HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                    + "Content-Length: 100000\r\n\r\n" + Self.line(1) + #"{"id": "vm-2", "ki"#)
            // The run below starts once the merge is under way: its first bytes are in the file
            // the core keeps a merge's body in until the body is whole.
            try await eventually("the core to take the merge's first bytes") { Self.spooledBytes(in: core.directory) > 0 }
            let taskId = try await core.run("wf")
            let history = try await core.finishedRun(taskId, within: 10)
            #expect(history["success"] == true)
            #expect(try await core.request(.GET, "/resources").json()["resources"]?.arrayValue?.isEmpty == true)
        }
    }

    /// The bytes of merge bodies the core holds in `directory`, beside its database, so far.
    static func spooledBytes(in directory: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(".rota-merge-") }.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)
            return total + ((attributes?[.size] as? Int) ?? 0)
        }
    }

    @Test func mergeOfTheLargestSizeIsTakenAndOneByteMoreIsRefused() async throws {
        let body = (1...3).map(Self.line).joined()
        try await TestCore.with(configure: { $0.maxMergeSize = body.utf8.count }) { core in
            let taken = try await core.request(.POST, "/resources/merge?cloud=test&account=prod", body: body, contentType: "application/x-ndjson")
            #expect(taken.status == 200)
            #expect(try taken.json()["added"] == 3)
            let refused = try await core.request(.POST, "/resources/merge?cloud=test&account=prod", body: body + "\n", contentType: "application/x-ndjson")
            #expect(refused.status == 413)
            #expect(try refused.json()["error"] == "merge_too_large")
            #expect(try refused.json()["message"]?.stringValue?.contains("max_merge_size") == true)
        }
    }
}
