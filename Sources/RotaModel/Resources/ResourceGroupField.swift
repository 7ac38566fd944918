/// A field resources are grouped by in an aggregation: `cloud`, `account`, `region`, `kind`,
/// or a tag's value as `tags.KEY`.
public enum ResourceGroupField: Sendable, Hashable {
    case cloud
    case account
    case region
    case kind
    case tag(String)

    /// Reads `cloud`, `account`, `region`, `kind` or `tags.KEY`.
    public init(parsing name: String) throws(ResourceQueryError) {
        switch name {
        case "cloud": self = .cloud
        case "account": self = .account
        case "region": self = .region
        case "kind": self = .kind
        default:
            guard name.hasPrefix("tags."), name.count > 5 else {
                throw ResourceQueryError(
                    path: "group_by", message: "\"\(name)\" is not one of cloud, account, region, kind or tags.KEY")
            }
            self = .tag(String(name.dropFirst(5)))
        }
    }

    /// The field as ``init(parsing:)`` reads it; the key of the field in an aggregate row.
    public var name: String {
        switch self {
        case .cloud: "cloud"
        case .account: "account"
        case .region: "region"
        case .kind: "kind"
        case .tag(let key): "tags.\(key)"
        }
    }
}
