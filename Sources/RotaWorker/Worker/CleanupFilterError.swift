/// Why the `filter` of a `cleanup` or `cleanup_plan` action was refused: where in the filter
/// (`filter.account`, `filter.tags.team`) and what is wrong. The action fails with it as its
/// `action_error` and deletes or marks nothing.
struct CleanupFilterError: Error, Sendable, Hashable, CustomStringConvertible {
    let path: String
    let message: String

    var description: String { "\(path): \(message)" }
}
