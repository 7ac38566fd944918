/// One tag condition of a ``ResourceFilter``: the resource has the tag, or has it with this value.
public struct ResourceTagFilter: Sendable, Hashable {
    public var key: String
    /// The value the tag must have; nil when any value will do.
    public var value: String?

    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }

    /// Reads the `tag` query parameter: `KEY` or `KEY=VALUE`, split at the first `=`.
    public init(parsing text: String) throws(ResourceQueryError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let key = parts.first, !key.isEmpty else {
            throw ResourceQueryError(path: "tag", message: "\"\(text)\" names no tag (expected KEY or KEY=VALUE)")
        }
        self.init(key: String(key), value: parts.count > 1 ? String(parts[1]) : nil)
    }

    /// The condition as the `tag` query parameter writes it.
    public var text: String { value.map { "\(key)=\($0)" } ?? key }
}
