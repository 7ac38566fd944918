import ArgumentParser
import RotaClient
import RotaModel

/// `rota resources unprotect ID`: lets cleanup handle a resource again.
struct ResourcesUnprotectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unprotect",
        abstract: "Remove a resource's protection: cleanup may mark and delete it again.",
        discussion: """
            Example:
              $ rota resources unprotect example-vm2
              unprotected resource example-vm2
            """
    )

    @Argument(help: "The resource's id.")
    var id: String

    @OptionGroup var options: CoreOptions

    func run() async throws {
        let resource = try await ResourceProtection.set(false, of: id, options: options)
        options.output(resource) { _ in Console.current.print("unprotected resource \(id)") }
    }
}
