import Hummingbird

/// Every REST route of the core, behind the middleware that turns errors into answers.
struct CoreRoutes {
    let parts: CoreParts

    /// Adds the routes to `router`, which may also be something that only records them.
    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.add(middleware: ErrorAnswerMiddleware<CoreRequestContext>())
        SystemRoutes(parts: parts).register(on: router)
        SubscriberRoutes(parts: parts).register(on: router)
        WorkflowRoutes(parts: parts).register(on: router)
        JobRoutes(parts: parts).register(on: router)
        ResourceRoutes(parts: parts).register(on: router)
        TaskRoutes(parts: parts).register(on: router)
        HistoryRoutes(parts: parts).register(on: router)
        AuditRoutes(parts: parts).register(on: router)
        ConfigRoutes(parts: parts).register(on: router)
        GraphRoutes(parts: parts).register(on: router)
    }
}
