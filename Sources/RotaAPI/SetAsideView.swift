import Foundation

/// A stored record the core could not read and set aside, as `GET /system/set-aside` lists it.
public struct SetAsideView: APIContract, Hashable {
    /// `run`, `workflow`, `job`, `subscriber`, `history` or `audit`.
    public var kind: String
    public var id: String
    public var reason: String
    public var since: Date

    public init(kind: String, id: String, reason: String, since: Date) {
        self.kind = kind
        self.id = id
        self.reason = reason
        self.since = since
    }

    public static let schemaName = "SetAsideRecord"
    public static let example = SetAsideView(kind: "run", id: "5c0e2f1a", reason: "the stored state cannot be read", since: ExampleTime.date)
}
