/// What the writing half of a merge did, for a resource merge and a graph merge alike: the rows
/// it added, changed, found unchanged and removed.
struct MergeCounts: Sendable {
    var added = 0
    var updated = 0
    var unchanged = 0
    var removed = 0
}
