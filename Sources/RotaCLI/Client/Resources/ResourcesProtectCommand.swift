import ArgumentParser
import RotaClient
import RotaModel

/// `rota resources protect ID`: keeps a resource from ever being marked for cleanup.
struct ResourcesProtectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protect",
        abstract: "Protect a resource: cleanup never marks or deletes it.",
        discussion: """
            Protecting also lifts a cleanup mark the resource has, so the next cleanup leaves it alone.

            Example:
              $ rota resources protect example-vm2
              protected resource example-vm2
            """
    )

    @Argument(help: "The resource's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let resource = try await ResourceProtection.set(true, of: id, options: options)
        options.output(resource) { _ in Console.current.print("protected resource \(id)") }
    }
}
