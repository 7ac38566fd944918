import ArgumentParser
import Foundation
import RotaClient

/// Where a command finds the core: its URL and its pre-shared key, from flags or the
/// environment. The client commands and the shipped actors (`rota worker`, `rota metrics`) share it.
struct CoreConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("core"),
        help: ArgumentHelp("The core's URL (env ROTA_CORE; default \(CoreConnection.defaultURL.absoluteString)).", valueName: "URL"))
    var coreURL: String?

    @Option(help: ArgumentHelp("The core's pre-shared key, if it has one; requests are then signed (env ROTA_PSK).", valueName: "KEY"))
    var psk: String?

    func validate() throws {
        _ = try connection()
    }

    /// `--core`, else `ROTA_CORE`, else localhost:8900; with `--psk`, else `ROTA_PSK`.
    func connection(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CoreConnection {
        let text = coreURL ?? environment["ROTA_CORE"].flatMap { $0.isEmpty ? nil : $0 } ?? CoreConnection.defaultURL.absoluteString
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            let source = coreURL == nil ? "ROTA_CORE" : "--core"
            throw ValidationError("\(source) \"\(text)\" is not a core's URL; write it as http://HOST:PORT, e.g. http://localhost:8900")
        }
        return CoreConnection(url: url, psk: psk ?? environment["ROTA_PSK"].flatMap { $0.isEmpty ? nil : $0 })
    }
}
