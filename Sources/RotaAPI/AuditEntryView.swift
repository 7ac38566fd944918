import Foundation
import RotaModel

/// One change made through the API, as `GET /audit` lists it.
public struct AuditEntryView: APIContract, Hashable {
    /// Increases in the order changes were recorded.
    public var id: Int64
    public var at: Date
    public var kind: String
    public var action: String
    /// The workflow, job, subscriber, resource or run; nil for resources marked by a filter.
    @Nullable public var target: String?
    /// The caller's IP address.
    @Nullable public var address: String?
    /// `cert:NAME`, `token:SUBJECT`, `psk` or `anonymous`.
    public var identity: String
    public var change: [String: JSONValue]

    public init(id: Int64, at: Date, kind: String, action: String, target: String?, address: String?, identity: String, change: [String: JSONValue]) {
        self.id = id
        self.at = at
        self.kind = kind
        self.action = action
        self.target = target
        self.address = address
        self.identity = identity
        self.change = change
    }

    public static let schemaName = "AuditEntry"
    public static let example = AuditEntryView(
        id: 7, at: ExampleTime.date, kind: "workflow", action: "replaced", target: "nightly", address: "192.0.2.7", identity: "token:ops",
        change: ["version": 2])
}
