/// The body of `PATCH /resources/{id}`: whether cleanup must leave the resource alone.
public struct ProtectionRequest: APIRequest, Hashable {
    public var protected: Bool

    public init(protected: Bool) {
        self.protected = protected
    }

    public static let schemaName = "ProtectionRequest"
    public static let usage = "send {\"protected\": true} or {\"protected\": false}"
    public static let example = ProtectionRequest(protected: true)
}
