import Foundation
import RotaModel
import Testing

@testable import RotaWorker

@Suite("random collector")
struct RandomCollectorTests {
    let now = Fixtures.now

    @Test func theSameSizeAndSeedGiveTheSameCloud() async throws {
        let first = try await RandomCollector(size: 2_000, seed: 42, now: now).collect(feedback: RecordingFeedback())
        let second = try await RandomCollector(size: 2_000, seed: 42, now: now).collect(feedback: RecordingFeedback())
        #expect(first == second)
    }

    @Test func anotherSeedGivesAnotherCloud() async throws {
        let first = try await RandomCollector(size: 500, seed: 1, now: now).collect(feedback: RecordingFeedback())
        let second = try await RandomCollector(size: 500, seed: 2, now: now).collect(feedback: RecordingFeedback())
        #expect(first != second)
    }

    @Test(arguments: [0, 1, 2, 3, 10, 999, 1_000, 12_345])
    func holdsExactlyTheRequestedNumberOfResources(size: Int) async throws {
        let snapshots = try await RandomCollector(size: size, seed: 3, now: now).collect(feedback: RecordingFeedback())
        #expect(Fixtures.count(snapshots) == size)
        #expect(snapshots.map(\.account) == RandomCloud.accounts)
    }

    @Test func holdsAHundredThousandResourcesWithUniqueIDs() async throws {
        let collector = RandomCollector(size: 100_000, seed: 7, now: now)
        let snapshots = try await collector.collect(feedback: RecordingFeedback())
        let ids = Set(snapshots.flatMap(\.resources).map(\.id))
        #expect(ids.count == 100_000)
    }

    @Test func defaultsToAThousandResourcesAndSeedOne() {
        let collector = RandomCollector(now: now)
        #expect(collector.size == 1_000)
        #expect(collector.seed == 1)
    }

    @Test func resourcesArePlausible() async throws {
        let snapshots = try await RandomCollector(size: 3_000, seed: 5, now: now).collect(feedback: RecordingFeedback())
        let resources = snapshots.flatMap(\.resources)
        let byID = Fixtures.byID(snapshots)
        #expect(Set(resources.map(\.kind)) == ["instance", "volume", "bucket"])
        #expect(Set(resources.compactMap(\.region)).count == RandomCloud.regions.count)
        for resource in resources {
            #expect(resource.cloud == "random")
            #expect(try #require(resource.ctime) <= now)
            if resource.kind == "volume" {
                let parent = try #require(resource.parent.flatMap { byID[$0] })
                #expect(parent.kind == "instance" && parent.account == resource.account)
            }
            if resource.kind == "instance" {
                #expect(resource.attributes["instance_cores"]?.doubleValue ?? 0 >= 1)
                #expect(resource.attributes["instance_memory"]?.doubleValue ?? 0 >= 1)
            }
        }
        #expect(resources.contains { $0.tags["rota:expiration"] != nil })
        #expect(resources.contains { $0.tags["rota:expires"] != nil })
    }

    @Test func aDeletedResourceIsGoneFromTheNextCollect() async throws {
        let collector = RandomCollector(size: 100, seed: 9, now: now)
        let before = try await collector.collect(feedback: RecordingFeedback())
        let victim = try #require(before.first?.resources.first)
        #expect(collector.owns(victim))
        try await collector.delete(victim)
        let after = try await collector.collect(feedback: RecordingFeedback())
        #expect(Fixtures.count(after) == 99)
        #expect(Fixtures.byID(after)[victim.id] == nil)
        await #expect(throws: CollectorError.unknownResource(collector: "random", id: victim.id)) {
            try await collector.delete(victim)
        }
    }

    @Test func theGeneratorIsSplitMix64() {
        var generator = SplitMix64(seed: 1_234_567)
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
    }
}
