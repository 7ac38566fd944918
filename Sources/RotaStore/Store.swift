/// Everything the core keeps across restarts: subscribers, running tasks with their logs, the
/// history of finished runs and the last fire of each cron trigger.
///
/// One protocol per concern; `SQLiteStore` implements them all on one database file.
public protocol Store: SubscriberStore, TaskStore, ResourceStore, Sendable {}
