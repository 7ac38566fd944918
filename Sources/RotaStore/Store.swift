/// Everything the core keeps across restarts: subscribers, running tasks with their logs, the
/// history of finished runs, the last fire of each cron trigger, and the workflows and jobs users
/// defined, the resource inventory, and the records set aside because they cannot be read.
///
/// One protocol per concern; `SQLiteStore` implements them all on one database file.
public protocol Store: SubscriberStore, TaskStore, DefinitionStore, ResourceStore, SetAsideStore, Sendable {}
