/// The sizes a graph query or aggregate may reach; beyond them the text is refused before any
/// node is read, so a client cannot make the core parse or hold without bound.
public enum GraphQueryLimits {
    /// The longest query text, in UTF-8 bytes.
    public static let maxTextBytes = 16 * 1024
    /// How deeply parentheses and `not` may nest.
    public static let maxNesting = 64
    /// The most values one list (`in [...]`, `is(...)`) may hold.
    public static let maxListItems = 10_000
    /// The most group variables, and the most functions, one aggregate may have; each is
    /// computed for every node the filter selects.
    public static let maxAggregateTerms = 100
    /// The most groups one aggregate may make: each is held until the answer is written.
    public static let maxGroups = 100_000
    /// The deepest range a navigation may name (`[0:100]`); larger numbers mean no bound anyway.
    public static let maxNavigationDepth = 10_000
}
