/// One page of a resource listing (`GET /resources`): the filter, at most `limit` resources,
/// and the ids after `after` in id order (keyset paging: pages stay stable while resources
/// come and go).
public struct ResourceQuery: Sendable, Hashable {
    public static let defaultLimit = 100
    public static let maximumLimit = 10_000

    public var filter: ResourceFilter
    public var limit: Int
    /// The `next` of the previous page; nil for the first page.
    public var after: String?

    public init(filter: ResourceFilter = ResourceFilter(), limit: Int = Self.defaultLimit, after: String? = nil) {
        self.filter = filter
        self.limit = limit
        self.after = after
    }

    /// Reads the filter's parameters (see ``ResourceFilter/init(parameters:)``) plus `limit`
    /// (1 to ``maximumLimit``, default ``defaultLimit``) and `after`.
    public init(parameters: [String: [String]]) throws(ResourceQueryError) {
        var filterParameters = parameters
        let limitValues = filterParameters.removeValue(forKey: "limit")
        let afterValues = filterParameters.removeValue(forKey: "after")
        self.init(filter: try ResourceFilter(parameters: filterParameters))
        if let limitValues {
            guard limitValues.count == 1, let value = Int(limitValues[0]), (1...Self.maximumLimit).contains(value) else {
                throw ResourceQueryError(path: "limit", message: "must be one whole number from 1 to \(Self.maximumLimit)")
            }
            limit = value
        }
        if let afterValues {
            guard afterValues.count == 1 else { throw ResourceQueryError(path: "after", message: "must be given once") }
            after = afterValues[0]
        }
    }
}
