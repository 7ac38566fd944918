import RotaModel

/// The runs that led to a run, or to an event: the ids of their workflows, the first cause
/// first. Its length is the run's depth.
///
/// A run started by cron, through the API or by a client's event has an empty cascade (depth 0).
/// Every event a run publishes carries the run's cascade followed by the run's own workflow, and
/// a run that an event (or a run's `workflows run` command) starts takes that cascade, one run
/// deeper. Runs that start one another for ever (two jobs on each other's `task_end`) are so cut
/// where their depth would pass a limit.
public struct Cascade: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key of an event's `data` that carries its cascade on the wire: the list of workflow
    /// ids. Prefixed, so it never collides with a key of Resoto's events.
    public static let dataKey = "rota_cascade"
    /// The deepest run started by default: eight runs started one from another after the first.
    public static let defaultLimit = 8
    /// The most workflow ids `description` names, the latest ones.
    static let describedLength = 20
    /// The longest workflow id there is (a job's, with its prefix); an element of a client's
    /// cascade that is longer, or not a string, counts as a run named `?`, so that no client can
    /// make the stored state of the runs it starts large.
    static let longestWorkflowId = Job.workflowIdPrefix.utf8.count + DefinitionLimits.idLength
    /// What an element of a client's cascade that names no workflow counts as.
    static let unnamed = "?"

    /// The workflows of the runs, the first cause first.
    public let workflows: [String]

    /// A cascade of these workflows; none for a run nothing else started.
    public init(_ workflows: [String] = []) {
        self.workflows = workflows
    }

    /// The cascade an event carries in its data. An event without one (a client's) carries none;
    /// a client may send one, which can only make its chain shorter than letting it start anew.
    /// Whatever the list holds counts: an element that cannot be a workflow id counts as a run
    /// named `?`.
    public init(of event: Event) {
        guard let elements = event.data[Self.dataKey]?.arrayValue else {
            self.init()
            return
        }
        self.init(elements.map { element in
            guard let id = element.stringValue, id.utf8.count <= Self.longestWorkflowId else { return Self.unnamed }
            return id
        })
    }

    /// How many runs led to a run of this cascade.
    public var depth: Int { workflows.count }

    /// The cascade of the events a run of `workflowId` with this cascade publishes.
    public func continued(by workflowId: String) -> Cascade {
        Cascade(workflows + [workflowId])
    }

    /// Whether a run of this cascade may start when runs may be at most `limit` deep.
    public func isWithin(_ limit: Int) -> Bool {
        depth <= limit
    }

    /// `event` carrying this cascade in its data, replacing any it carried, so that no one can
    /// shorten the cascade of an event a run publishes. Data that is not an object stays as it
    /// is; the core still knows the event's cascade from the run that published it.
    public func stamped(on event: Event) -> Event {
        Self.stamped(dataValue, on: event)
    }

    /// The cascade as an event's data carries it: the list of workflow ids.
    public var dataValue: JSONValue { .array(workflows.map(JSONValue.string)) }

    /// `event` carrying `value` (a cascade's `dataValue`) in its data, as `stamped(on:)` does.
    static func stamped(_ value: JSONValue, on event: Event) -> Event {
        guard case .object(var members) = event.data else { return event }
        members[dataKey] = value
        return Event(messageType: event.messageType, data: .object(members))
    }

    /// The chain, `job.a → job.b → job.a`; only its latest `describedLength` ids when longer.
    public var description: String {
        let shown = workflows.suffix(Self.describedLength).joined(separator: " → ")
        return workflows.count > Self.describedLength ? "… → " + shown : shown
    }

    public init(from decoder: any Decoder) throws {
        workflows = try decoder.singleValueContainer().decode([String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(workflows)
    }
}
