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
    /// The inputs a run may be started with, each declaration by name; empty when none is declared.
    public var inputs: [String: JSONValue]
    public var triggers: [JSONValue]
    public var steps: [JSONValue]
    public var version: Int
    @Nullable public var scheduledNext: Date?

    public init(
        id: String, name: String, onSurpass: String, environment: [String: JSONValue], triggers: [JSONValue], steps: [JSONValue], version: Int,
        scheduledNext: Date?, inputs: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.name = name
        self.onSurpass = onSurpass
        self.environment = environment
        self.inputs = inputs
        self.triggers = triggers
        self.steps = steps
        self.version = version
        self.scheduledNext = scheduledNext
    }

    /// The definition alone, as `PUT /workflows/{id}` takes it; `inputs` only when some are declared.
    public var definition: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "on_surpass": .string(onSurpass), "environment": .object(environment),
            "triggers": .array(triggers), "steps": .array(steps),
        ]
        if !inputs.isEmpty { object["inputs"] = .object(inputs) }
        return .object(object)
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, environment, inputs, triggers, steps, version
        case onSurpass = "on_surpass"
        case scheduledNext = "scheduled_next"
    }

    /// Reads a workflow; one from a core without inputs declares none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        onSurpass = try container.decode(String.self, forKey: .onSurpass)
        environment = try container.decode([String: JSONValue].self, forKey: .environment)
        inputs = try container.decodeIfPresent([String: JSONValue].self, forKey: .inputs) ?? [:]
        triggers = try container.decode([JSONValue].self, forKey: .triggers)
        steps = try container.decode([JSONValue].self, forKey: .steps)
        version = try container.decode(Int.self, forKey: .version)
        _scheduledNext = try container.decode(Nullable<Date>.self, forKey: .scheduledNext)
    }

    public static let schemaName = "Workflow"
    public static let example = WorkflowView(
        id: "nightly", name: "Nightly", onSurpass: "Wait", environment: ["region": "eu-west-1"], triggers: [["cron_expression": "0 3 * * *"]],
        steps: [["name": "collect", "action": ["message_type": "collect"], "timeout": 60, "on_error": "Continue"]], version: 1,
        scheduledNext: ExampleTime.date, inputs: ["account": ["type": "string", "required": true]])
}
