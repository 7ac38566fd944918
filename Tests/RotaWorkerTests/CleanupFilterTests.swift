import Foundation
import RotaModel
import Testing

@testable import RotaWorker

/// The `filter` of a `cleanup` or `cleanup_plan` action: what it reads, what it selects, and
/// the refusal of every other shape, with the path of the fault.
@Suite struct CleanupFilterTests {
    private func resource(
        cloud: String = "aws", account: String = "123", region: String? = "eu-west-1", kind: String = "volume", tags: [String: String] = [:]
    ) -> Resource {
        Resource(id: "\(cloud):\(account):\(kind)", kind: kind, cloud: cloud, account: account, region: region, tags: tags)
    }

    /// The refusal of `filter`, or nil when it is read.
    private func refusal(_ filter: JSONValue) -> CleanupFilterError? {
        do {
            _ = try CleanupFilter(actionData: ["filter": filter])
            return nil
        } catch {
            return error
        }
    }

    @Test func everyKeyIsReadAsATextOrAList() throws {
        let filter = try CleanupFilter(
            actionData: [
                "task": "t1", "step": "cleanup",
                "filter": [
                    "cloud": "aws", "account": ["123", "456"], "region": ["eu-west-1"], "kind": "volume",
                    "tags": ["team": "data", "env": ""],
                ],
            ])
        #expect(
            filter.conditions
                == ResourceFilter(
                    kinds: ["volume"], clouds: ["aws"], accounts: ["123", "456"], regions: ["eu-west-1"],
                    tags: [ResourceTagFilter(key: "env", value: ""), ResourceTagFilter(key: "team", value: "data")]))
        #expect(filter.summary == "cloud aws, account 123 or 456, region eu-west-1, kind volume, tag env=, tag team=data")
    }

    @Test func noFilterAndAnEmptyFilterSelectEveryResource() throws {
        for filter in [try CleanupFilter(actionData: ["task": "t1"]), try CleanupFilter(actionData: ["filter": [:]])] {
            #expect(filter.selectsEverything)
            #expect(filter.conditions == ResourceFilter())
            #expect(filter.selects(resource()))
            #expect(filter.selects(resource(cloud: "gcp", account: "9", region: nil, kind: "bucket")))
            #expect(filter.clouds(among: ["aws", "gcp"]) == ["aws", "gcp"])
        }
    }

    @Test func everyKeyGivenMustMatchAndAnyValueOfAKeyMatches() throws {
        let filter = try CleanupFilter(["cloud": "aws", "account": ["123", "456"]])
        #expect(filter.selects(resource(account: "123")))
        #expect(filter.selects(resource(account: "456")))
        #expect(!filter.selects(resource(account: "789")))
        #expect(!filter.selects(resource(cloud: "gcp", account: "123")))
        #expect(filter.clouds(among: ["aws", "gcp"]) == ["aws"])
        #expect(filter.clouds(among: ["gcp"]).isEmpty)
    }

    @Test func aRegionOrKindSelectsOnlyResourcesThatHaveIt() throws {
        let filter = try CleanupFilter(["region": "eu-west-1", "kind": ["volume", "snapshot"]])
        #expect(filter.selects(resource()))
        #expect(filter.selects(resource(kind: "snapshot")))
        #expect(!filter.selects(resource(kind: "instance")))
        #expect(!filter.selects(resource(region: "us-east-1")))
        #expect(!filter.selects(resource(region: nil)))
    }

    @Test func everyTagMustBeThereWithItsValue() throws {
        let filter = try CleanupFilter(["tags": ["team": "data", "env": "dev"]])
        #expect(filter.selects(resource(tags: ["team": "data", "env": "dev", "owner": "ana"])))
        #expect(!filter.selects(resource(tags: ["team": "data"])))
        #expect(!filter.selects(resource(tags: ["team": "data", "env": "prod"])))
        #expect(!filter.selects(resource()))
    }

    @Test(arguments: [
        (JSONValue.string("account=123"), "filter", "must be an object with any of the keys cloud, account, region, kind, tags, not string"),
        (JSONValue.null, "filter", "must be an object with any of the keys cloud, account, region, kind, tags, not null"),
        (["123"], "filter", "must be an object with any of the keys cloud, account, region, kind, tags, not array"),
        (["acount": "123"], "filter.acount", "is not a filter key (expected one of cloud, account, region, kind, tags)"),
        (["tag": ["team=data"]], "filter.tag", "is not a filter key (expected one of cloud, account, region, kind, tags)"),
        (["expired": true], "filter.expired", "is not a filter key (expected one of cloud, account, region, kind, tags)"),
        (["account": 123], "filter.account", "must be a text or a list of texts, not number; quote it: \"123\""),
        (["region": 1.5], "filter.region", "must be a text or a list of texts, not number; quote it"),
        (["cloud": true], "filter.cloud", "must be a text or a list of texts, not boolean"),
        (["kind": ["volume": true]], "filter.kind", "must be a text or a list of texts, not object"),
        (["cloud": .null], "filter.cloud", "must be a text or a list of texts, not null"),
        (["account": ["123", 456]], "filter.account[1]", "must be a text, not number; quote it: \"456\""),
        (["account": [["123"]]], "filter.account[0]", "must be a text, not array"),
        (["account": []], "filter.account", "must not be an empty list; leave the key out to select every account"),
        (["cloud": ""], "filter.cloud", "must not be an empty text"),
        (["cloud": ["aws", ""]], "filter.cloud[1]", "must not be an empty text"),
        (["tags": ["team=data"]], "filter.tags", "must be an object of tag names and values, e.g. {\"team\": \"data\"}, not array"),
        (["tags": "team"], "filter.tags", "must be an object of tag names and values, e.g. {\"team\": \"data\"}, not string"),
        (["tags": [:]], "filter.tags", "must name at least one tag; leave the key out to select resources whatever their tags"),
        (["tags": ["": "x"]], "filter.tags", "a tag name must not be empty"),
        (["tags": ["team=data": "x"]], "filter.tags.team=data", "a tag name cannot contain \"=\""),
        (["tags": ["team": 7]], "filter.tags.team", "must be a text, not number; quote it: \"7\""),
        (["tags": ["team": .null]], "filter.tags.team", "must be a text, not null"),
        (["tags": ["team": ["data"]]], "filter.tags.team", "must be a text, not array"),
    ] as [(JSONValue, String, String)])
    func aFilterOfAnotherShapeIsRefusedWithItsPath(filter: JSONValue, path: String, message: String) {
        #expect(refusal(filter) == CleanupFilterError(path: path, message: message))
    }

    @Test func aKeyMayListAHundredValuesAndNoMore() throws {
        let hundred = (0..<CleanupFilter.maximumValues).map { JSONValue.string("\($0)") }
        let tags = Dictionary(uniqueKeysWithValues: (0..<CleanupFilter.maximumValues).map { ("t\($0)", JSONValue.string("v")) })
        let filter = try CleanupFilter(["account": .array(hundred), "tags": .object(tags)])
        #expect(filter.conditions.accounts.count == 100)
        #expect(filter.conditions.tags.count == 100)

        #expect(
            refusal(["account": .array(hundred + ["one more"])]) == CleanupFilterError(path: "filter.account", message: "lists 101 values; at most 100"))
        var tooManyTags = tags
        tooManyTags["one-more"] = "x"
        #expect(refusal(["tags": .object(tooManyTags)]) == CleanupFilterError(path: "filter.tags", message: "names 101 tags; at most 100"))
    }

    @Test func aTextMayHold256BytesAndNoMore() throws {
        let longest = String(repeating: "é", count: 128)
        #expect(longest.utf8.count == CleanupFilter.maximumBytes)
        let longestName = String(repeating: "t", count: 256)
        let filter = try CleanupFilter(["cloud": .string(longest), "region": [.string(longest)], "tags": .object([longestName: .string(longest)])])
        #expect(filter.conditions.clouds == [longest])

        #expect(refusal(["cloud": .string(longest + "x")]) == CleanupFilterError(path: "filter.cloud", message: "is 257 bytes long; at most 256"))
        #expect(
            refusal(["region": ["eu", .string(String(repeating: "a", count: 100_000))]])
                == CleanupFilterError(path: "filter.region[1]", message: "is 100000 bytes long; at most 256"))
        #expect(
            refusal(["tags": ["team": .string(longest + "x")]])
                == CleanupFilterError(path: "filter.tags.team", message: "is 257 bytes long; at most 256"))
    }

    @Test func theTextsOfAFilterMayHold16KiBInAll() throws {
        let text = { (index: Int) in JSONValue.string(String(format: "%02d", index) + String(repeating: "é", count: 127)) }
        #expect(text(0).stringValue?.utf8.count == CleanupFilter.maximumBytes)
        let largest: [String: JSONValue] = [
            "account": .array((0..<16).map(text)), "kind": .array((16..<32).map(text)),
            "tags": .object(Dictionary(uniqueKeysWithValues: (32..<48).map { (text($0).stringValue ?? "", text($0 + 16)) })),
        ]
        #expect(try CleanupFilter(.object(largest)).conditions.tags.count == 16)
        var larger = largest
        larger["cloud"] = "c"
        #expect(refusal(.object(larger)) == CleanupFilterError(path: "filter", message: "holds 16385 bytes of text; at most 16384 in all"))
    }

    @Test func aLongKeyOrTagNameIsCutInTheRefusal() {
        let name = String(repeating: "k", count: 10_000)
        let shown = String(repeating: "k", count: 40) + "…"
        #expect(refusal([name: "x"])?.path == "filter.\(shown)")
        #expect(
            refusal(["tags": [name: "x"]])
                == CleanupFilterError(path: "filter.tags.\(shown)", message: "the tag name is 10000 bytes long; at most 256"))
    }

    @Test func theFirstFaultInKeyOrderIsReported() {
        #expect(refusal(["region": [], "account": 1, "zone": "a"])?.path == "filter.account")
    }

    @Test func theRefusalReadsAsItsPathAndMessage() throws {
        let error = try #require(refusal(["account": []]))
        #expect("\(error)" == "filter.account: must not be an empty list; leave the key out to select every account")
    }
}
