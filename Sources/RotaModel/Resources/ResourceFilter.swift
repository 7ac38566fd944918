/// Which resources a listing, a cleanup mark or an aggregation is about. Every condition set
/// must hold; an empty filter matches every resource.
///
/// It reads from query parameters (`kind=instance&tag=env=dev&expired=true`, see
/// ``init(parameters:)``) and writes back to them (``parameters``), so a client and the core
/// agree on one form.
public struct ResourceFilter: Sendable, Hashable {
    /// The names of the query parameters a filter reads.
    public static let parameterNames = ["kind", "cloud", "account", "region", "tag", "expired", "clean", "cleaned", "protected"]

    /// Any of these kinds; empty for every kind. Likewise for clouds, accounts and regions.
    public var kinds: [String]
    public var clouds: [String]
    public var accounts: [String]
    public var regions: [String]
    /// Every one of these tag conditions.
    public var tags: [ResourceTagFilter]
    /// Expired (`expires` at or before the time of the query), or not.
    public var expired: Bool?
    /// Marked for cleanup, or not.
    public var clean: Bool?
    /// Recorded as deleted, or not.
    public var cleaned: Bool?
    public var protected: Bool?

    public init(
        kinds: [String] = [], clouds: [String] = [], accounts: [String] = [], regions: [String] = [],
        tags: [ResourceTagFilter] = [], expired: Bool? = nil, clean: Bool? = nil, cleaned: Bool? = nil, protected: Bool? = nil
    ) {
        self.kinds = kinds
        self.clouds = clouds
        self.accounts = accounts
        self.regions = regions
        self.tags = tags
        self.expired = expired
        self.clean = clean
        self.cleaned = cleaned
        self.protected = protected
    }

    /// Reads query parameters, each name with all its values: `kind`, `cloud`, `account` and
    /// `region` may repeat (any of them matches), `tag` may repeat (all must match), and
    /// `expired`, `clean`, `cleaned`, `protected` take one `true` or `false`. Any other name is
    /// an error, so that a misspelt parameter does not silently match everything.
    public init(parameters: [String: [String]]) throws(ResourceQueryError) {
        self.init()
        for (name, values) in parameters {
            switch name {
            case "kind": kinds = try Self.nonEmpty(values, name)
            case "cloud": clouds = try Self.nonEmpty(values, name)
            case "account": accounts = try Self.nonEmpty(values, name)
            case "region": regions = try Self.nonEmpty(values, name)
            case "tag":
                tags = []
                for value in values { tags.append(try ResourceTagFilter(parsing: value)) }
            case "expired": expired = try Self.bool(values, name)
            case "clean": clean = try Self.bool(values, name)
            case "cleaned": cleaned = try Self.bool(values, name)
            case "protected": protected = try Self.bool(values, name)
            default:
                throw ResourceQueryError(
                    path: name, message: "is not a filter parameter (expected one of \(Self.parameterNames.joined(separator: ", ")))")
            }
        }
    }

    /// Whether the filter sets no condition at all (`{}`, or only empty lists such as
    /// `{"kind": []}`) and so matches every resource. A cleanup refuses such a filter: marking
    /// everything is never what a cleanup means.
    public var isEmpty: Bool { parameters.isEmpty }

    /// The filter as query parameters, the inverse of ``init(parameters:)``.
    public var parameters: [String: [String]] {
        var parameters: [String: [String]] = [:]
        for (name, values) in [("kind", kinds), ("cloud", clouds), ("account", accounts), ("region", regions)] where !values.isEmpty {
            parameters[name] = values
        }
        if !tags.isEmpty { parameters["tag"] = tags.map(\.text) }
        for (name, value) in [("expired", expired), ("clean", clean), ("cleaned", cleaned), ("protected", protected)] {
            if let value { parameters[name] = [String(value)] }
        }
        return parameters
    }

    private static func nonEmpty(_ values: [String], _ name: String) throws(ResourceQueryError) -> [String] {
        guard !values.contains(where: \.isEmpty) else { throw ResourceQueryError(path: name, message: "must not be empty") }
        return values
    }

    private static func bool(_ values: [String], _ name: String) throws(ResourceQueryError) -> Bool {
        guard values.count == 1 else { throw ResourceQueryError(path: name, message: "must be given once, as true or false") }
        switch values[0].lowercased() {
        case "true": return true
        case "false": return false
        default: throw ResourceQueryError(path: name, message: "must be true or false")
        }
    }
}
