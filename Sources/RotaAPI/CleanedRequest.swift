/// The body of `POST /resources/cleaned`: the resources a cleaner deleted.
public struct CleanedRequest: APIRequest, Hashable {
    public var ids: [String]

    public init(ids: [String]) {
        self.ids = ids
    }

    public static let schemaName = "CleanedRequest"
    public static let usage = "send {\"ids\": [...]}, the ids of the deleted resources"
    public static let example = CleanedRequest(ids: ["i-0abc"])
}
