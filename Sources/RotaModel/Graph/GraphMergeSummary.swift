/// What one graph merge did: the nodes it added, changed, found unchanged and removed (those
/// below its replace nodes it did not see again), the edges and deferred edges it stored, and
/// the notes it has about single lines.
public struct GraphMergeSummary: Sendable, Hashable, Codable {
    /// The node ids whose subtrees the merge replaced.
    public var replaced: [String]
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    public var removed: Int
    public var edges: Int
    public var deferredEdges: Int
    /// The first ``MergeSummary/maximumProblems`` problems.
    public var problems: [MergeProblem]
    public var problemCount: Int

    public init(
        replaced: [String], added: Int = 0, updated: Int = 0, unchanged: Int = 0, removed: Int = 0, edges: Int = 0, deferredEdges: Int = 0,
        problems: [MergeProblem] = [], problemCount: Int = 0
    ) {
        self.replaced = replaced
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.removed = removed
        self.edges = edges
        self.deferredEdges = deferredEdges
        self.problems = problems
        self.problemCount = problemCount
    }

    /// The nodes the merge read.
    public var seen: Int { added + updated + unchanged }

    private enum CodingKeys: String, CodingKey {
        case replaced, added, updated, unchanged, removed, edges, problems
        case deferredEdges = "deferred_edges"
        case problemCount = "problem_count"
    }
}
