/// One workflow as `GET /workflows/{id}` answers it: the workflow and the steps whose action no
/// subscriber performs yet.
public struct WorkflowDetail: APIContract, Hashable {
    public var workflow: WorkflowView
    /// The names of the steps that perform an action no actor subscribes to.
    public var stepsWithoutSubscribers: [String]

    public init(workflow: WorkflowView, stepsWithoutSubscribers: [String]) {
        self.workflow = workflow
        self.stepsWithoutSubscribers = stepsWithoutSubscribers
    }

    private enum CodingKeys: String, CodingKey {
        case stepsWithoutSubscribers = "steps_without_subscribers"
    }

    public init(from decoder: Decoder) throws {
        workflow = try WorkflowView(from: decoder)
        stepsWithoutSubscribers = try decoder.container(keyedBy: CodingKeys.self).decode([String].self, forKey: .stepsWithoutSubscribers)
    }

    public func encode(to encoder: Encoder) throws {
        try workflow.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stepsWithoutSubscribers, forKey: .stepsWithoutSubscribers)
    }

    public static let schemaName = "WorkflowDetail"
    public static let example = WorkflowDetail(workflow: .example, stepsWithoutSubscribers: ["collect"])
}
