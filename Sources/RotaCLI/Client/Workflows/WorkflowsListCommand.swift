import ArgumentParser
import RotaAPI
import RotaClient
import RotaModel

/// `rota workflows list`: every workflow the core knows, with its triggers and next scheduled run.
struct WorkflowsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the workflows: the default ones and those users made.",
        discussion: """
            Jobs run as workflows named job.ID but are listed by `rota jobs list`.

            Examples:
              rota workflows list
              rota workflows list --json | jq -r '.[].id'
            """
    )

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let workflows = try await options.withAPI { api in try await api.get("/workflows") }
        try options.output(workflows, as: [WorkflowView].self, request: "GET /workflows") { workflows in
            var table = TextTable([.init("ID"), .init("VERSION", .right), .init("STEPS", .right), .init("NEXT RUN"), .init("TRIGGERS")])
            for workflow in workflows {
                table.append([
                    workflow.id, HumanText.text(workflow.version), String(workflow.steps.count), HumanText.time(workflow.scheduledNext),
                    workflow.triggers.map(HumanText.trigger).joined(separator: ", "),
                ])
            }
            Console.current.print(table)
        }
    }
}
