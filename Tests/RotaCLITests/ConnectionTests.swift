import Foundation
import RotaModel
import RotaTestSupport
import Testing

/// Where the commands find the core, its key, and what they say when it is not there.
@Suite struct ConnectionTests {
    @Test func anUnreachableCoreIsReportedWithItsURLAndANonZeroExit() async throws {
        let url = "http://127.0.0.1:\(try freeLoopbackPort())"
        for arguments in [["workflows", "list"], ["workflows", "run", "collect", "--wait"], ["events"], ["resources", "list"], ["jobs", "list", "--json"]] {
            let result = await Rota.run(arguments + ["--core", url])
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.output.isEmpty)
            #expect(
                result.errors == "error: cannot reach the core at \(url) (connection refused); is `rota core` running? Set --core or ROTA_CORE\n",
                "\(arguments)")
        }
    }

    @Test func theCoreComesFromTheEnvironmentWhenNotGiven() async throws {
        let url = "http://127.0.0.1:\(try freeLoopbackPort())"
        let result = await Rota.run(["subscribers", "list"], environment: ["ROTA_CORE": url])
        #expect(result.status == 1)
        #expect(result.errors.contains("cannot reach the core at \(url)"))
        let defaulted = await Rota.run(["subscribers", "list", "--core", "localhost:8900"])
        #expect(defaulted.status == 64)
        #expect(defaulted.errors.contains("--core \"localhost:8900\" is not a core's URL; write it as http://HOST:PORT"))
    }

    @Test func requestsAreSignedWithThePreSharedKey() async throws {
        try await withCore(psk: "a shared secret") { core in
            let signed = await Rota.run(["workflows", "list"], against: core)
            #expect(signed.status == 0, "\(signed)")
            let fromEnvironment = await Rota.run(["workflows", "list", "--core", core.baseURL], environment: ["ROTA_PSK": "a shared secret"])
            #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
            let unsigned = await Rota.run(["workflows", "list", "--core", core.baseURL])
            #expect(unsigned.status == 1)
            #expect(unsigned.errors.contains("401"))
            #expect(unsigned.errors.contains("the pre-shared key (--psk or ROTA_PSK) must be the core's"))
        }
    }

    @Test func everyCommandTeachesItselfInItsHelp() async throws {
        for command in [
            "workflows", "workflows list", "workflows show", "workflows run", "workflows stop", "workflows running", "workflows history",
            "workflows log", "workflows apply", "workflows delete", "workflows validate", "subscribers", "subscribers list",
            "subscribers show", "subscribers for", "events", "events follow", "events emit", "jobs", "jobs list", "jobs show", "jobs add", "jobs update", "jobs delete",
            "jobs run", "jobs activate", "jobs deactivate", "resources", "resources list", "resources show", "resources protect",
            "resources unprotect",
        ] {
            let result = await Rota.run(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(result.status == 0, "\(command)")
            let help = result.output + result.errors
            #expect(help.contains("OVERVIEW:"), "\(command)")
            #expect(help.contains("rota \(command)"), "\(command)")
            #expect(help.contains("Example"), "\(command)")
        }
    }
}
