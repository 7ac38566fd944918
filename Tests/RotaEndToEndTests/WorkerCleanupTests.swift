import Foundation
import RotaModel
import RotaTestSupport
import RotaWorker
import Testing

/// The worker's `cleanup_plan` and `cleanup` against a real core, on the example cloud: what is
/// marked, what is deleted and in which order, and what survives.
@Suite struct WorkerCleanupTests {
    /// The expired resources of the example cloud that are not protected.
    static let expiredUnprotected = [
        "example:dev:bucket:dev-eu-scratch", "example:dev:instance:build-old", "example:dev:volume:build-old-cache",
    ]
    static let protectedExpired = "example:prod:instance:db-legacy"

    @Test func cleanupPlanMarksExactlyTheExpiredResourcesThatAreNotProtected() async throws {
        try await withCore { core in
            try await withWorker([ExampleCollector()], of: core, cleanupExpired: true) {
                _ = try await core.completedRun("collect")
                #expect(try await core.resources("expired=true").keys.sorted() == (Self.expiredUnprotected + [Self.protectedExpired]).sorted())
                try await core.protect(Self.protectedExpired)

                let (run, log) = try await core.completedRun("cleanup")
                #expect(run["errors"] == 0)
                let marked = try await core.resources("clean=true")
                #expect(marked.keys.sorted() == Self.expiredUnprotected)
                #expect(marked.values.allSatisfy { $0["metadata"]?["clean"]?["reason"] == "expired" })
                #expect(messages(log, level: "info").contains { $0.hasPrefix("marked 3 expired resources of example for cleanup") })
            }
        }
    }

    @Test func withoutCleanupNothingIsDeletedAndTheLogSaysWhatWouldBe() async throws {
        let example = RecordingCollector(ExampleCollector())
        try await withCore { core in
            try await withWorker([example], of: core, cleanupExpired: true, cleanup: false) {
                _ = try await core.completedRun("collect")
                try await core.protect(Self.protectedExpired)
                let (run, log) = try await core.completedRun("cleanup")
                #expect(run["errors"] == 0)
                #expect(example.deleted.isEmpty)
                #expect(try await core.resources("cleaned=true").isEmpty)
                let notes = messages(log, level: "info")
                #expect(notes.contains { $0.hasPrefix("cleanup is off") && $0.hasSuffix("3 marked resources would be deleted") })
                let wouldDelete = notes.filter { $0.hasPrefix("would delete ") }.map { $0.split(separator: " ")[2] }
                #expect(wouldDelete == ["example:dev:volume:build-old-cache", "example:dev:bucket:dev-eu-scratch", "example:dev:instance:build-old"])

                _ = try await core.completedRun("collect")
                #expect(try await core.resources("cloud=example").count == 15)
            }
        }
    }

    @Test func withCleanupTheMarkedResourcesAreDeletedChildrenFirstAndProtectedOnesSurvive() async throws {
        let example = RecordingCollector(ExampleCollector())
        try await withCore { core in
            try await withWorker([example], of: core, cleanupExpired: true, cleanup: true) {
                _ = try await core.completedRun("collect")
                try await core.protect(Self.protectedExpired)
                let (run, log) = try await core.completedRun("cleanup")
                #expect(run["errors"] == 0)

                #expect(example.deleted.sorted() == Self.expiredUnprotected)
                let volume = try #require(example.deleted.firstIndex(of: "example:dev:volume:build-old-cache"))
                let instance = try #require(example.deleted.firstIndex(of: "example:dev:instance:build-old"))
                #expect(volume < instance)
                #expect(try await core.resources("cleaned=true").keys.sorted() == Self.expiredUnprotected)
                #expect(messages(log, level: "info").contains("deleted 3 of 3 marked resources"))

                _ = try await core.completedRun("collect")
                let remaining = try await core.resources("cloud=example")
                #expect(remaining.count == 12)
                #expect(remaining[Self.protectedExpired]?["metadata"]?["protected"] == true)
                #expect(Self.expiredUnprotected.allSatisfy { remaining[$0] == nil })
            }
        }
    }

    @Test func aFailedDeletionIsAnErrorAndItsParentIsLeftForTheNextCleanup() async throws {
        let cloud = TestCollector(resources: [
            Resource(id: "test:a:instance:vm", kind: "instance", cloud: "test", account: "a", tags: ["rota:expires": "2020-01-01T00:00:00Z"]),
            Resource(
                id: "test:a:volume:disk", kind: "volume", cloud: "test", account: "a", parent: "test:a:instance:vm",
                tags: ["rota:expires": "2020-01-01T00:00:00Z"]),
            Resource(id: "test:a:bucket:tmp", kind: "bucket", cloud: "test", account: "a", tags: ["rota:expires": "2020-01-01T00:00:00Z"]),
        ])
        let refusing = RefusingCollector(cloud, refusing: "test:a:volume:disk")
        try await withCore { core in
            try await withWorker([refusing], of: core, cleanupExpired: true, cleanup: true) {
                _ = try await core.completedRun("collect")
                let (run, log) = try await core.completedRun("cleanup")
                #expect(run["errors"] == 2)
                #expect(cloud.deleted == ["test:a:bucket:tmp"])
                #expect(messages(log, level: "error").sorted() == [
                    "cannot delete test:a:volume:disk: the volume is busy",
                    "test:a:instance:vm was not deleted: its child test:a:volume:disk could not be deleted",
                ])
                #expect(try await core.resources("cleaned=true").keys.sorted() == ["test:a:bucket:tmp"])
                #expect(try await core.resources("clean=true&cleaned=false").keys.sorted() == ["test:a:instance:vm", "test:a:volume:disk"])
            }
        }
    }

    @Test func aStoppedCleanupStartsNoFurtherDeletion() async throws {
        let expired = ["rota:expires": "2020-01-01T00:00:00Z"]
        let cloud = TestCollector(
            resources: (1...20).map { Resource(id: "test:a:bucket:b\($0)", kind: "bucket", cloud: "test", account: "a", tags: expired) })
        let gate = Gate()
        let held = HeldCollector(cloud, until: gate)
        try await withCore { core in
            try await withWorker([held], of: core, cleanupExpired: true, cleanup: true) {
                _ = try await core.completedRun("collect")
                let taskId = try await core.run("cleanup")
                try await eventually("four deletions have begun") { held.started == 4 }
                #expect(try await core.request(.POST, "/tasks/\(taskId)/stop").status == 200)
                #expect(try await core.finishedRun(taskId)["outcome"] == "stopped")
                let log = try await core.request(.GET, "/tasks/\(taskId)/log").json().arrayValue ?? []
                #expect(messages(log, level: "info").contains { $0.hasPrefix("marked 20 expired resources of test for cleanup: ") && $0.hasSuffix(" and 10 more") })
                try await eventually("the four begun deletions have ended") { held.ended == 4 }
                #expect(held.started == 4)
                #expect(cloud.deleted.isEmpty)
                gate.open()
            }
        }
    }
}
