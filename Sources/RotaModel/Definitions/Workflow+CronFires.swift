import Foundation

extension Workflow {
    /// The next times the workflow's cron triggers fire strictly after `instant`, reading them in
    /// `timeZone`: earliest first, each time once, at most `count`.
    public func cronFires(after instant: Date, in timeZone: TimeZone, count: Int) -> [Date] {
        var fires: Set<Date> = []
        for trigger in triggers {
            guard case .cron(let expression) = trigger else { continue }
            fires.formUnion(expression.fires(after: instant, in: timeZone).prefix(count))
        }
        return Array(fires.sorted().prefix(count))
    }
}
