/// One page of a resource listing, in id order, and where the next page starts.
public struct ResourcePage: Sendable, Hashable, Codable {
    public var resources: [StoredResource]
    /// The `after` that fetches the next page; nil on the last page.
    public var next: String?

    public init(resources: [StoredResource], next: String?) {
        self.resources = resources
        self.next = next
    }
}
