import Foundation

/// One workflow as `GET /workflows/{id}` answers it: the workflow, the steps whose action no
/// subscriber performs yet, and when its schedule runs it next.
public struct WorkflowDetail: APIContract, Hashable {
    public var workflow: WorkflowView
    /// The names of the steps that perform an action no actor subscribes to.
    public var stepsWithoutSubscribers: [String]
    /// The next times its cron triggers fire, earliest first, at most `WorkflowDetail.nextFireCount`.
    public var nextFires: [Date]

    /// How many of the next fire times the answer lists.
    public static let nextFireCount = 5

    public init(workflow: WorkflowView, stepsWithoutSubscribers: [String], nextFires: [Date] = []) {
        self.workflow = workflow
        self.stepsWithoutSubscribers = stepsWithoutSubscribers
        self.nextFires = nextFires
    }

    private enum CodingKeys: String, CodingKey {
        case stepsWithoutSubscribers = "steps_without_subscribers"
        case nextFires = "next_fires"
    }

    public init(from decoder: Decoder) throws {
        workflow = try WorkflowView(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stepsWithoutSubscribers = try container.decode([String].self, forKey: .stepsWithoutSubscribers)
        nextFires = try container.decodeIfPresent([Date].self, forKey: .nextFires) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        try workflow.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stepsWithoutSubscribers, forKey: .stepsWithoutSubscribers)
        try container.encode(nextFires, forKey: .nextFires)
    }

    public static let schemaName = "WorkflowDetail"
    public static let example = WorkflowDetail(workflow: .example, stepsWithoutSubscribers: ["collect"], nextFires: [ExampleTime.date])
}
