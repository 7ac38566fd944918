/// Why a parsed query could not be answered over a graph.
public enum GraphQueryRunError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The result would hold more nodes than the caller allows.
    case tooManyNodes(limit: Int)
    /// An aggregate would hold more groups than ``GraphQueryLimits/maxGroups``.
    case tooManyGroups(limit: Int)
    /// The section paths are relative to is not one of the node's sections.
    case unknownSection(String)

    public var description: String {
        switch self {
        case .tooManyNodes(let limit):
            "the result holds more than \(limit) nodes; narrow the search"
        case .tooManyGroups(let limit):
            "the aggregate makes more than \(limit) groups; group by fewer or coarser values"
        case .unknownSection(let section):
            "section \"\(section)\" is not one of reported, metadata, desired"
        }
    }
}
