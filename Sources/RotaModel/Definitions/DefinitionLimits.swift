/// How much a workflow or job definition may hold. Every limit is far above any real use; they
/// exist so that a definition never makes a run's state (which holds its workflow and is stored
/// on every transition) megabytes large. Lengths are counted in UTF-8 bytes, JSON values as
/// compact JSON (`docs/WORKFLOWS.md` lists them).
public enum DefinitionLimits {
    /// The whole definition, as compact JSON.
    public static let definitionBytes = 256 << 10
    /// The steps of a workflow.
    public static let steps = 1_000
    /// The triggers of a workflow.
    public static let triggers = 100
    /// A workflow's or a job's id. A job's workflow (`job.` and the job's id) may be longer by
    /// the prefix.
    public static let idLength = 128
    /// A workflow's name and a step's name; longer than a message type, so that a step can be
    /// named after the message type it performs or waits for, with a prefix (`wait_for_…`).
    public static let nameBytes = 512
    /// A message type: of an action, an awaited event, an emitted event or a trigger.
    public static let messageTypeBytes = 256
    /// A cron expression.
    public static let cronExpressionBytes = 256
    /// The command of an `execute_command` step or a job, before and after its placeholders
    /// are filled.
    public static let commandBytes = 16 << 10
    /// One `filter_data` object, as JSON.
    public static let filterBytes = 16 << 10
    /// The data of an emitted event, as JSON.
    public static let eventDataBytes = 64 << 10
    /// The data a `perform_action` step adds to its actions, as JSON.
    public static let actionDataBytes = 64 << 10
    /// A workflow's `environment`, as JSON.
    public static let environmentBytes = 64 << 10
    /// The nesting of a JSON value inside a definition (`environment`, `filter_data`, an event's
    /// `data`): 1 for a number or a string, 2 for an object of them, and so on.
    public static let valueDepth = 32
}
