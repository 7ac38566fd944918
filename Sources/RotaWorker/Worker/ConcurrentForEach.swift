extension Sequence where Element: Sendable {
    /// Runs `body` for every element, at most `limit` at once, and returns when all have finished.
    /// Once the task is cancelled no further element is started.
    func concurrentForEach(limit: Int, _ body: @escaping @Sendable (Element) async -> Void) async {
        let limit = Swift.max(1, limit)
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for element in self {
                if Task.isCancelled { break }
                if running >= limit {
                    await group.next()
                    running -= 1
                }
                group.addTask { await body(element) }
                running += 1
            }
        }
    }
}
