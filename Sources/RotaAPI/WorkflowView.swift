import Foundation
import RotaModel

/// A workflow as the API shows it: its definition (docs/WORKFLOWS.md), its version and when its
/// schedule runs it next.
public struct WorkflowView: APIContract, Hashable {
    public var id: String
    public var name: String
    /// `Skip`, `Wait`, `Replace` or `Parallel`.
    public var onSurpass: String
    public var environment: [String: JSONValue]
    public var triggers: [JSONValue]
    public var steps: [JSONValue]
    public var version: Int
    @Nullable public var scheduledNext: Date?

    public init(
        id: String, name: String, onSurpass: String, environment: [String: JSONValue], triggers: [JSONValue], steps: [JSONValue], version: Int,
        scheduledNext: Date?
    ) {
        self.id = id
        self.name = name
        self.onSurpass = onSurpass
        self.environment = environment
        self.triggers = triggers
        self.steps = steps
        self.version = version
        self.scheduledNext = scheduledNext
    }

    /// The definition alone, as `PUT /workflows/{id}` takes it.
    public var definition: JSONValue {
        [
            "id": .string(id), "name": .string(name), "on_surpass": .string(onSurpass), "environment": .object(environment),
            "triggers": .array(triggers), "steps": .array(steps),
        ]
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, environment, triggers, steps, version
        case onSurpass = "on_surpass"
        case scheduledNext = "scheduled_next"
    }

    public static let schemaName = "Workflow"
    public static let example = WorkflowView(
        id: "nightly", name: "Nightly", onSurpass: "Wait", environment: ["region": "eu-west-1"], triggers: [["cron_expression": "0 3 * * *"]],
        steps: [["name": "collect", "action": ["message_type": "collect"], "timeout": 60, "on_error": "Continue"]], version: 1,
        scheduledNext: ExampleTime.date)
}
