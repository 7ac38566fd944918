/// What one merge of a (cloud, account) snapshot did: how many resources it added, changed,
/// found unchanged and removed, and the notes it has about single lines.
public struct MergeSummary: Sendable, Hashable, Codable {
    /// The most problems kept; ``problemCount`` counts them all.
    public static let maximumProblems = 100

    public var cloud: String
    public var account: String
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    /// Resources of the snapshot that the merge did not see again.
    public var removed: Int
    /// The first ``maximumProblems`` problems, in line order.
    public var problems: [MergeProblem]
    /// All problems, including those not kept.
    public var problemCount: Int

    public init(
        cloud: String, account: String, added: Int = 0, updated: Int = 0, unchanged: Int = 0, removed: Int = 0,
        problems: [MergeProblem] = [], problemCount: Int = 0
    ) {
        self.cloud = cloud
        self.account = account
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.removed = removed
        self.problems = problems
        self.problemCount = problemCount
    }

    /// The resources the merge read: the snapshot's size after it.
    public var seen: Int { added + updated + unchanged }

    private enum CodingKeys: String, CodingKey {
        case cloud, account, added, updated, unchanged, removed, problems
        case problemCount = "problem_count"
    }
}
