import RotaModel

/// The body of `POST /resources/clean`: why, and which resources to mark, by ids or by a filter
/// (the query parameters of `GET /resources` as an object), not both.
public struct CleanupRequest: APIRequest, Hashable {
    public var reason: String
    public var ids: [String]?
    public var filter: JSONValue?

    public init(reason: String, ids: [String]? = nil, filter: JSONValue? = nil) {
        self.reason = reason
        self.ids = ids
        self.filter = filter
    }

    public static let schemaName = "CleanupRequest"
    public static let usage = "send {\"reason\": \"...\"} with either ids (a list) or filter (query parameters as an object)"
    public static let example = CleanupRequest(reason: "expired test machines", ids: ["i-0abc"], filter: ["cloud": "aws", "expired": true])
}
