/// Everything the core keeps across restarts: subscribers, running tasks with their logs, the
/// history of finished runs, the last fire of each cron trigger, and the workflows and jobs users
/// defined, the resource inventory, the records set aside because they cannot be read, and the
/// audit trail of changes made through the API, and the configurations actors keep in the core.
///
/// One protocol per concern; `SQLiteStore` implements them all on one database file.
public protocol Store: SubscriberStore, TaskStore, DefinitionStore, ResourceStore, GraphStore, SetAsideStore, AuditStore, ConfigStore, Sendable {}
