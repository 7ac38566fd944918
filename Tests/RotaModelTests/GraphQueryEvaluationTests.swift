import Testing

@testable import RotaModel

/// What a filter selects: each operator, Fix Inventory's null semantics, kinds through the
/// model's bases, ancestors by kind, and paths relative to a section or from the node.
@Suite("Graph query evaluation")
struct GraphQueryEvaluationTests {
    /// A cloud, an account, a region and what runs in it; kinds as a collector's model has them.
    static func inventory() -> GraphQueryMemorySource {
        let source = GraphQueryMemorySource(
            kinds: GraphKinds(bases: [
                "cloud": [], "example_account": ["account"], "example_region": ["region"], "account": ["resource"], "region": [],
                "example_instance": ["instance"], "instance": ["resource"], "example_volume": ["volume"], "volume": ["resource"],
            ]))
        source.add("c", "cloud", ["id": "example", "name": "Example"])
        source.add("a", "example_account", ["id": "123", "name": "Example Account"])
        source.add("r", "example_region", ["id": "us-east", "name": "US East"])
        source.add(
            "i1", "example_instance", ["name": "one", "instance_cores": 4, "instance_status": "running", "tags": ["owner": "lukas"]],
            metadata: ["protected": true], desired: ["clean": true])
        source.add("i2", "example_instance", ["name": "two", "instance_cores": 2.5, "instance_status": "stopped"], metadata: ["cleaned": true])
        source.add("v1", "example_volume", ["name": "three", "volume_size": "100", "volume_status": "in-use"], desired: ["clean": false])
        source.connect("c", "a")
        source.connect("a", "r")
        for id in ["i1", "i2", "v1"] { source.connect("r", id) }
        source.findAncestors()
        return source
    }

    /// The ids of the nodes `text` selects, in the source's order.
    static func selected(_ text: String, section: String? = "reported", in source: GraphQueryMemorySource = inventory()) throws -> [String] {
        let query = try GraphQuery(parsing: text)
        var ids: [String] = []
        try query.run(source: source, section: section, limit: 1_000, node: { ids.append($0.id) }, edge: { _ in })
        return ids
    }

    @Test func comparisonsOfNumbersMixWholeAndFractional() throws {
        #expect(try Self.selected("instance_cores == 4") == ["i1"])
        #expect(try Self.selected("instance_cores == 4.0") == ["i1"])
        #expect(try Self.selected("instance_cores != 4") == ["c", "a", "r", "i2", "v1"])
        #expect(try Self.selected("instance_cores < 4") == ["i2"])
        #expect(try Self.selected("instance_cores <= 4") == ["i1", "i2"])
        #expect(try Self.selected("instance_cores > 2.5") == ["i1"])
        #expect(try Self.selected("instance_cores >= 2.5") == ["i1", "i2"])
        #expect(try Self.selected("instance_cores in [1, 2.5, 3]") == ["i2"])
        #expect(try Self.selected("instance_cores not in [4]") == ["i2"])
    }

    @Test func wordsAndStringsThatReadAsNumbersCompareAsNumbers() throws {
        #expect(try Self.selected("instance_cores == \"4\"") == ["i1"])
        #expect(try Self.selected("volume_size > 99") == ["v1"], "the string \"100\" against a number")
        #expect(try Self.selected("volume_size == 100.0") == ["v1"])
        #expect(try Self.selected("volume_size < 2") == [])
        #expect(try Self.selected("instance_cores == four") == [])
    }

    @Test func stringsCompareAsStrings() throws {
        #expect(try Self.selected("name == one") == ["i1"])
        #expect(try Self.selected("name = \"one\"") == ["i1"])
        #expect(try Self.selected("name < p and is(instance)") == ["i1"])
        #expect(try Self.selected("name >= two") == ["i2"])
        #expect(try Self.selected("instance_status in [running, stopped]") == ["i1", "i2"])
        #expect(try Self.selected("volume_status == in-use") == ["v1"])
        #expect(try Self.selected("tags.owner == lukas") == ["i1"])
    }

    @Test func aMissingValueIsNull() throws {
        #expect(try Self.selected("/metadata.cleaned != true") == ["c", "a", "r", "i1", "v1"])
        #expect(try Self.selected("/metadata.cleaned == null") == ["c", "a", "r", "i1", "v1"])
        #expect(try Self.selected("/metadata.cleaned != null") == ["i2"])
        #expect(try Self.selected("/metadata.protected!=true and is(instance)") == ["i2"])
        #expect(try Self.selected("instance_cores < 100 and is(volume)") == [], "ordering a missing value is false")
        #expect(try Self.selected("instance_cores >= 0 and is(volume)") == [])
        #expect(try Self.selected("instance_cores not in [4] and is(volume)") == [], "not in holds no more for null than in Fix Inventory")
        #expect(try Self.selected("instance_cores in [null] and is(volume)") == ["v1"])
        #expect(try Self.selected("tags.owner.deeper == null and is(instance)") == ["i1", "i2"])
    }

    @Test func trueFalseAndNotCombine() throws {
        #expect(try Self.selected("/desired.clean == true") == ["i1"])
        #expect(try Self.selected("/desired.clean == false") == ["v1"])
        #expect(try Self.selected("not is(instance)") == ["c", "a", "r", "v1"])
        #expect(try Self.selected("is(instance) and not (name == one or name == nobody)") == ["i2"])
        #expect(try Self.selected("name == one or name == three") == ["i1", "v1"])
        #expect(try Self.selected("all") == ["c", "a", "r", "i1", "i2", "v1"])
    }

    @Test func isMatchesAKindThroughItsBases() throws {
        #expect(try Self.selected("is(instance)") == ["i1", "i2"])
        #expect(try Self.selected("is(example_instance)") == ["i1", "i2"])
        #expect(try Self.selected("is(resource)") == ["a", "i1", "i2", "v1"])
        #expect(try Self.selected("is(volume, account)") == ["a", "v1"])
        #expect(try Self.selected("is(bucket)") == [])
    }

    @Test func ancestorsAreFoundByKindNearestFirst() throws {
        #expect(try Self.selected("/ancestors.account.reported.name == \"Example Account\"") == ["r", "i1", "i2", "v1"])
        #expect(try Self.selected("/ancestors.cloud.reported.id in [\"example\"] and is(instance)") == ["i1", "i2"])
        #expect(try Self.selected("/ancestors.region.id == r") == ["i1", "i2", "v1"])
        #expect(try Self.selected("/ancestors.region.kind == example_region and is(volume)") == ["v1"])
        #expect(try Self.selected("/ancestors.cloud.reported.id == null") == ["c"])
        #expect(try Self.selected("/ancestors.instance.reported.name == one") == [])

        let nested = Self.inventory()
        nested.add("r2", "example_region", ["id": "zone", "name": "Inner"])
        nested.connect("r", "r2")
        nested.add("i3", "example_instance", ["name": "deep"])
        nested.connect("r2", "i3")
        nested.findAncestors()
        #expect(try Self.selected("name == deep and /ancestors.region.reported.name == Inner", in: nested) == ["i3"])
    }

    @Test func ancestorsAreReadOncePerEvaluation() throws {
        let source = Self.inventory()
        for index in 0..<500 {
            source.add("n\(index)", "example_instance", ["name": .string("n\(index)")])
            source.connect("r", "n\(index)")
        }
        source.findAncestors()
        let ids = try Self.selected("/ancestors.cloud.reported.name == Example and /ancestors.account.reported.id == \"123\"", in: source)
        #expect(ids.count == 504)
        #expect(source.nodeLookups == 3, "the region, the account and the cloud, each read once")
    }

    @Test func relativePathsStartAtTheSection() throws {
        #expect(try Self.selected("instance_status == running", section: "reported") == ["i1"])
        #expect(try Self.selected("/reported.instance_status == running", section: "metadata") == ["i1"])
        #expect(try Self.selected("cleaned == true", section: "metadata") == ["i2"])
        #expect(try Self.selected("clean == true", section: "desired") == ["i1"])
        #expect(try Self.selected("reported.instance_status == running", section: nil) == ["i1"])
        #expect(try Self.selected("reported.instance_status == running", section: "/") == ["i1"])
        #expect(try Self.selected("reported.instance_status == running", section: "reported") == [])
        #expect(try Self.selected("id == i2", section: nil) == ["i2"])
        #expect(try Self.selected("instance_status == running", section: nil) == [], "no section: instance_status is not one of the node's")
        #expect(throws: GraphQueryRunError.unknownSection("tags")) { try Self.selected("all", section: "tags") }
        #expect(GraphQueryRunError.unknownSection("tags").description == "section \"tags\" is not one of reported, metadata, desired")
    }

    @Test func theDeferredEdgeCriteriaOfTheExampleCollectorSelectOneInstance() throws {
        let source = try GraphQueryMemorySource.exampleCollector()
        let filter = try GraphQuery(parsing: "is(instance) and reported.id = someInstance2").filter
        var matched: [String] = []
        try source.forEachNode(ofKinds: nil) { node in
            if try filter.matches(node, source: source, section: nil) { matched.append(node.reported["id"]?.stringValue ?? "") }
            return true
        }
        #expect(matched == ["someInstance2"])
    }

    @Test func aFilterTellsWhichKindsItCanOnlyMatch() throws {
        let kinds = Self.inventory().kinds
        func prefilter(_ text: String) throws -> Set<String>? { try GraphQuery(parsing: text).prefilterKinds(in: kinds) }
        #expect(try prefilter("is(instance)") == ["instance", "example_instance"])
        #expect(try prefilter("is(instance) and instance_status == running") == ["instance", "example_instance"])
        #expect(try prefilter("instance_cores > 1 and (is(volume) or is(account))") == ["volume", "example_volume", "account", "example_account"])
        #expect(try prefilter("is(resource) and is(volume)") == ["volume", "example_volume"])
        #expect(try prefilter("is(instance) or name == x") == nil)
        #expect(try prefilter("not is(instance)") == nil)
        #expect(try prefilter("all") == nil)
        #expect(try prefilter("is(bucket)") == ["bucket"])

        let source = Self.inventory()
        _ = try Self.selected("is(volume) and volume_size > 1", in: source)
        #expect(source.kindsRead == [["volume", "example_volume"]])
    }

    @Test func aResultLargerThanTheLimitIsRefused() throws {
        let source = Self.inventory()
        let query = try GraphQuery(parsing: "all")
        var seen = 0
        #expect(throws: GraphQueryRunError.tooManyNodes(limit: 5)) {
            try query.run(source: source, section: "reported", limit: 5, node: { _ in seen += 1 }, edge: { _ in })
        }
        #expect(seen == 5)
        seen = 0
        try query.run(source: source, section: "reported", limit: 6, node: { _ in seen += 1 }, edge: { _ in })
        #expect(seen == 6)
        #expect(GraphQueryRunError.tooManyNodes(limit: 5).description == "the result holds more than 5 nodes; narrow the search")
    }
}
