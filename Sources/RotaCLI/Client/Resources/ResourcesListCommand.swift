import ArgumentParser
import RotaModel

/// `rota resources list`: the resources that match a filter, page after page.
struct ResourcesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the resources that match a filter, in id order.",
        discussion: """
            Every condition given must hold; --kind, --cloud, --account and --region may repeat \
            (any of their values matches), --tag may repeat (every tag must match). The core \
            answers in pages; the command follows them up to --limit resources and says so when \
            more match. STATE shows whether a resource is protected, marked for cleanup (clean) \
            or recorded as deleted (cleaned).

            Examples:
              rota resources list --expired
              rota resources list --cloud aws --account 123456789012 \\
                  --tag env=dev --tag owner
              rota resources list --protected true --json
            """
    )

    @Option(help: ArgumentHelp("Only resources of this kind, e.g. instance (repeatable).", valueName: "kind"))
    var kind: [String] = []

    @Option(help: ArgumentHelp("Only resources of this cloud (repeatable).", valueName: "cloud"))
    var cloud: [String] = []

    @Option(help: ArgumentHelp("Only resources of this account (repeatable).", valueName: "account"))
    var account: [String] = []

    @Option(help: ArgumentHelp("Only resources of this region (repeatable).", valueName: "region"))
    var region: [String] = []

    @Option(help: ArgumentHelp("Only resources with this tag, or with this tag and value (repeatable).", valueName: "key[=value]"))
    var tag: [String] = []

    @Flag(help: "Only expired resources: those the next cleanup plan marks.")
    var expired = false

    @Flag(help: "Only resources marked for cleanup.")
    var clean = false

    @Option(help: ArgumentHelp("Only protected resources (true) or unprotected ones (false).", valueName: "true|false"))
    var protected: Bool?

    @Option(help: ArgumentHelp("At most this many resources.", valueName: "n"))
    var limit = 1000

    @OptionGroup var options: CoreOptions

    /// The largest page asked of the core.
    static let pageSize = 1000

    func validate() throws {
        _ = try filter()
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, e.g. --limit 100") }
    }

    func run() async throws {
        let query = try filter().parameters.sorted { $0.key < $1.key }.flatMap { name, values in values.map { (name, $0) } }
        var resources: [JSONValue] = []
        var next: String?
        try await options.withAPI { api in
            repeat {
                var pageQuery = query + [("limit", String(min(Self.pageSize, limit - resources.count)))]
                if let next { pageQuery.append(("after", next)) }
                let page = try await api.get("/resources", query: pageQuery)
                resources += page["resources"]?.arrayValue ?? []
                next = page["next"]?.stringValue
            } while next != nil && resources.count < limit
        }
        options.output(["resources": .array(resources), "next": next.map(JSONValue.string) ?? .null]) { _ in
            guard !resources.isEmpty else {
                Console.current.print("no resource matches")
                return
            }
            var table = TextTable([
                .init("ID"), .init("KIND"), .init("NAME"), .init("CLOUD"), .init("ACCOUNT"), .init("REGION"), .init("EXPIRES"), .init("STATE"),
            ])
            for resource in resources {
                table.append([
                    HumanText.text(resource["id"]), HumanText.text(resource["kind"]), HumanText.text(resource["name"]),
                    HumanText.text(resource["cloud"]), HumanText.text(resource["account"]), HumanText.text(resource["region"]),
                    HumanText.time(resource["metadata"]?["expires"]), Self.state(of: resource),
                ])
            }
            Console.current.print(table)
            if next != nil {
                Console.current.printError("more resources match; show more with --limit \(limit * 10) or narrow the filter")
            }
        }
    }

    /// The filter of the options, as the core reads it from query parameters.
    func filter() throws -> ResourceFilter {
        var parameters: [String: [String]] = [:]
        for (name, values) in [("kind", kind), ("cloud", cloud), ("account", account), ("region", region), ("tag", tag)] where !values.isEmpty {
            parameters[name] = values
        }
        if expired { parameters["expired"] = ["true"] }
        if clean { parameters["clean"] = ["true"] }
        if let protected { parameters["protected"] = [String(protected)] }
        do {
            return try ResourceFilter(parameters: parameters)
        } catch {
            throw ValidationError("--\(error.path): \(error.message)")
        }
    }

    /// `protected`, `clean`, `cleaned`, or several of them.
    static func state(of resource: JSONValue) -> String {
        let metadata = resource["metadata"]
        var states: [String] = []
        if metadata?["protected"] == true { states.append("protected") }
        if let clean = metadata?["clean"], clean != .null { states.append("clean") }
        if let cleaned = metadata?["cleaned"], cleaned != .null { states.append("cleaned") }
        return states.joined(separator: ",")
    }
}
