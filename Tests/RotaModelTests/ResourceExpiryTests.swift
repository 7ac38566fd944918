import Foundation
import Testing

@testable import RotaModel

/// The expiry rule of `docs/PROTOCOL.md`: which tag decides, and what an unreadable one does.
@Suite("Resource expiry")
struct ResourceExpiryTests {
    let created = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z

    func expiry(_ tags: [String: String], ctime: Date? = nil) -> ResourceExpiry {
        ResourceExpiry(tags: tags, ctime: ctime ?? created)
    }

    @Test func expiresTagGivesTheTime() {
        #expect(expiry(["rota:expires": "2026-12-01T00:00:00Z"]).expires == Timestamp.date("2026-12-01T00:00:00Z"))
        #expect(expiry(["fix:expires": "2026-12-01T00:00:00+01:00"]).expires == Timestamp.date("2026-11-30T23:00:00Z"))
        #expect(expiry(["resoto:expires": "2026-12-01T00:00:00Z"]).decidingTag == "resoto:expires")
    }

    @Test func expirationTagCountsFromCreation() {
        #expect(expiry(["rota:expiration": "2h"]).expires == created.addingTimeInterval(7200))
        #expect(expiry(["fix:expiration": "3d"]).expires == created.addingTimeInterval(3 * 86_400))
        #expect(expiry(["resoto:expiration": "1w2d"]).expires == created.addingTimeInterval(9 * 86_400))
        #expect(expiry(["expiration": "30min"]).expires == created.addingTimeInterval(1800))
    }

    @Test func rotaTagComesFirstWithinEachGroup() {
        let tags = ["resoto:expires": "2027-03-01T00:00:00Z", "fix:expires": "2027-02-01T00:00:00Z", "rota:expires": "2027-01-01T00:00:00Z"]
        #expect(expiry(tags).decidingTag == "rota:expires")
        #expect(expiry(["expiration": "1d", "resoto:expiration": "2d", "rota:expiration": "3d"]).decidingTag == "rota:expiration")
        #expect(expiry(["expiration": "1d", "fix:expiration": "2d"]).decidingTag == "fix:expiration")
    }

    @Test func anExpiryTimeBeatsADuration() {
        let result = expiry(["rota:expiration": "1h", "resoto:expires": "2027-01-01T00:00:00Z"])
        #expect(result.decidingTag == "resoto:expires")
        #expect(result.expires == Timestamp.date("2027-01-01T00:00:00Z"))
    }

    @Test func neverMeansNoExpiryAndStopsTheSearch() {
        let result = expiry(["rota:expires": "never", "fix:expires": "2027-01-01T00:00:00Z", "expiration": "1h"])
        #expect(result.expires == nil)
        #expect(result.decidingTag == "rota:expires")
        #expect(expiry(["expiration": " Never "]).expires == nil)
        #expect(expiry(["expiration": " Never "]).decidingTag == "expiration")
    }

    @Test func unreadableValueIsSkippedWithAProblem() {
        let result = expiry(["rota:expires": "next tuesday", "fix:expiration": "3x", "expiration": "2h"])
        #expect(result.expires == created.addingTimeInterval(7200))
        #expect(result.decidingTag == "expiration")
        #expect(result.problems.map(\.tag) == ["rota:expires", "fix:expiration"])
        #expect(result.problems[0].description.contains("\"next tuesday\" is not an ISO-8601 time"))
        #expect(result.problems[1].description.hasSuffix("; ignored"))
    }

    @Test func onlyUnreadableValuesMeanNoExpiry() {
        let result = expiry(["rota:expires": "soon"])
        #expect(result.expires == nil)
        #expect(result.decidingTag == nil)
        #expect(result.problems.count == 1)
    }

    @Test func durationWithoutCreationTimeIsAProblem() {
        let result = ResourceExpiry(tags: ["rota:expiration": "2h"], ctime: nil)
        #expect(result.expires == nil)
        #expect(result.problems.first?.message == "the resource has no ctime to count 2h from")
    }

    @Test func resourceWithoutExpiryTagsDoesNotExpire() {
        let result = expiry(["owner": "team-a", "expires-soon": "yes"])
        #expect(result == ResourceExpiry(tags: [:], ctime: nil))
        #expect(result.expires == nil && result.problems.isEmpty)
    }

    @Test func resourceExposesItsExpiry() {
        let resource = Resource(id: "i-1", kind: "instance", cloud: "aws", account: "1", tags: ["expiration": "1d"], ctime: created)
        #expect(resource.expiry.expires == created.addingTimeInterval(86_400))
    }
}
