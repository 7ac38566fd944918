/// A property path of a query: `/reported.instance_status` from the node, `instance_status`
/// relative to the section the request names, or `/ancestors.cloud.reported.name` through the
/// nearest ancestor of a kind.
public struct GraphPath: Sendable, Hashable, CustomStringConvertible {
    /// The sections a path from the node may start with.
    static let roots: Set<String> = ["reported", "metadata", "desired", "id", "kind", "ancestors"]

    /// Whether the path starts at the node (`/...`) rather than at the request's section.
    public var absolute: Bool
    public var segments: [String]

    public init(absolute: Bool, segments: [String]) {
        self.absolute = absolute
        self.segments = segments
    }

    /// The path as it is written in a query.
    public var description: String {
        (absolute ? "/" : "") + segments.map { Self.isPlain($0) ? $0 : "`\($0)`" }.joined(separator: ".")
    }

    /// The path from the node, with `section` in front of a relative path: `reported.x` for
    /// `x` in section `reported`.
    func fromNode(section: String?) -> [String] {
        if absolute { return segments }
        guard let section else { return segments }
        return [section] + segments
    }

    private static func isPlain(_ segment: String) -> Bool {
        guard let first = segment.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII else { return false }
        return segment.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
