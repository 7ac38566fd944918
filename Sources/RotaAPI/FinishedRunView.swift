/// A finished run as `GET /tasks/{task_id}` answers it: its history entry and every step.
public struct FinishedRunView: APIContract, Hashable {
    public var entry: HistoryEntryView
    /// Always `finished`.
    public var state: String
    public var steps: [StepView]

    public init(entry: HistoryEntryView, state: String = "finished", steps: [StepView]) {
        self.entry = entry
        self.state = state
        self.steps = steps
    }

    private enum CodingKeys: String, CodingKey {
        case state, steps
    }

    public init(from decoder: Decoder) throws {
        entry = try HistoryEntryView(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(String.self, forKey: .state)
        steps = try container.decode([StepView].self, forKey: .steps)
    }

    public func encode(to encoder: Encoder) throws {
        try entry.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(steps, forKey: .steps)
    }

    public static let schemaName = "FinishedRun"
    public static let example = FinishedRunView(entry: .example, steps: [.example])
}
