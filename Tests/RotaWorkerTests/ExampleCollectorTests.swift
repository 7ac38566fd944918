import Foundation
import RotaModel
import Testing

@testable import RotaWorker

@Suite("example collector")
struct ExampleCollectorTests {
    let now = Fixtures.now

    @Test func collectsTheSameCloudEveryTime() async throws {
        let first = try await ExampleCollector(now: now).collect(feedback: RecordingFeedback())
        let second = try await ExampleCollector(now: now).collect(feedback: RecordingFeedback())
        #expect(first == second)
        #expect(first.map(\.account) == ["prod", "dev"])
        #expect(first.allSatisfy { $0.cloud == "example" })
        #expect(Set(first.flatMap(\.resources).compactMap(\.region)) == ["eu-1", "us-1", "ap-1"])
        #expect(Set(first.flatMap(\.resources).map(\.kind)) == ["instance", "volume", "bucket"])
    }

    @Test func everyResourceSitsInTheSnapshotOfItsAccountWithAUniqueID() async throws {
        let snapshots = try await ExampleCollector(now: now).collect(feedback: RecordingFeedback())
        let resources = snapshots.flatMap(\.resources)
        #expect(Set(resources.map(\.id)).count == resources.count)
        for snapshot in snapshots {
            #expect(snapshot.resources.allSatisfy { $0.account == snapshot.account && $0.cloud == snapshot.cloud })
        }
    }

    @Test func volumesBelongToAnInstanceOfTheirAccount() async throws {
        let snapshots = try await ExampleCollector(now: now).collect(feedback: RecordingFeedback())
        for snapshot in snapshots {
            let instances = Set(snapshot.resources.filter { $0.kind == "instance" }.map(\.id))
            for volume in snapshot.resources where volume.kind == "volume" {
                #expect(volume.parent.map(instances.contains) == true, "\(volume.id)")
                #expect(volume.attributes["volume_size"]?.doubleValue ?? 0 > 0)
            }
        }
    }

    @Test func instancesCarryCoresMemoryAndStatus() async throws {
        let snapshots = try await ExampleCollector(now: now).collect(feedback: RecordingFeedback())
        for instance in snapshots.flatMap(\.resources) where instance.kind == "instance" {
            #expect(instance.attributes["instance_cores"]?.doubleValue ?? 0 > 0)
            #expect(instance.attributes["instance_memory"]?.doubleValue ?? 0 > 0)
            #expect(instance.attributes["instance_status"]?.stringValue != nil)
        }
    }

    @Test func holdsEveryExpiryCaseMeasuredFromItsClock() async throws {
        let later = now.addingTimeInterval(400 * 86_400)
        for clock in [now, later] {
            let resources = Fixtures.byID(try await ExampleCollector(now: clock).collect(feedback: RecordingFeedback()))
            let expired = try #require(resources["example:dev:instance:build-old"])
            #expect(try #require(Timestamp.date(expired.tags["rota:expires"] ?? "")) < clock)
            let pending = try #require(resources["example:dev:instance:ci-runner"])
            #expect(pending.tags["rota:expiration"] == "3d")
            #expect(try #require(pending.ctime).addingTimeInterval(3 * 86_400) > clock)
            #expect(resources["example:prod:bucket:prod-eu-assets"]?.tags["expiration"] == "never")
            let protected = try #require(resources["example:prod:instance:db-legacy"])
            #expect(protected.tags["rota:expiration"] == "1w")
            #expect(try #require(protected.ctime).addingTimeInterval(7 * 86_400) < clock)
        }
    }

    @Test func namesTheExpiredResourceThatMustBeProtected() async throws {
        let resources = Fixtures.byID(try await ExampleCollector(now: now).collect(feedback: RecordingFeedback()))
        #expect(ExampleCollector.protectedResourceIDs == ["example:prod:instance:db-legacy"])
        #expect(ExampleCollector.protectedResourceIDs.allSatisfy { resources[$0] != nil })
    }

    @Test func reportsProgressPerAccount() async throws {
        let feedback = RecordingFeedback()
        _ = try await ExampleCollector(now: now).collect(feedback: feedback)
        #expect(feedback.progress.map(\.path) == [["example", "prod"], ["example", "dev"]])
        #expect(feedback.progress.allSatisfy { $0.name == "collect" && $0.current == $0.total })
    }

    @Test func aDeletedResourceIsGoneFromTheNextCollect() async throws {
        let collector = ExampleCollector(now: now)
        let before = Fixtures.byID(try await collector.collect(feedback: RecordingFeedback()))
        let volume = try #require(before["example:dev:volume:build-old-cache"])
        #expect(collector.owns(volume))
        try await collector.delete(volume)
        let after = Fixtures.byID(try await collector.collect(feedback: RecordingFeedback()))
        #expect(after["example:dev:volume:build-old-cache"] == nil)
        #expect(after.count == before.count - 1)
    }

    @Test func deletingSomethingUnknownOrAlreadyDeletedIsAnError() async throws {
        let collector = ExampleCollector(now: now)
        let resources = Fixtures.byID(try await collector.collect(feedback: RecordingFeedback()))
        let bucket = try #require(resources["example:dev:bucket:dev-eu-scratch"])
        try await collector.delete(bucket)
        await #expect(throws: CollectorError.unknownResource(collector: "example", id: bucket.id)) {
            try await collector.delete(bucket)
        }
        let stranger = Resource(id: "example:dev:instance:nobody", kind: "instance", cloud: "example", account: "dev")
        await #expect(throws: CollectorError.unknownResource(collector: "example", id: stranger.id)) {
            try await collector.delete(stranger)
        }
    }

    @Test func ownsOnlyItsCloud() {
        let collector = ExampleCollector(now: now)
        #expect(collector.owns(Resource(id: "x", kind: "instance", cloud: "example", account: "prod")))
        #expect(!collector.owns(Resource(id: "x", kind: "instance", cloud: "random", account: "prod")))
    }
}
