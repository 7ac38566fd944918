import Foundation
import RotaTestSupport
import Testing

/// `--core URL1,URL2` and `ROTA_CORE`: the commands take a list of cores, refuse a bad one by
/// naming the bad entry, use the leader and say which core they use.
@Suite struct CoreListOptionTests {
    @Test func aBadListIsRefusedNamingTheBadEntry() async throws {
        let cases: [(String, String)] = [
            ("", "--core is empty; write a core's URL, or several separated by commas"),
            ("http://a:1,,http://b:2", "--core \"http://a:1,,http://b:2\" has an empty entry at position 2"),
            ("http://a:1, ftp://b:2", "--core \"ftp://b:2\" is not a core's URL; write it as http://HOST:PORT"),
            ((1...17).map { "http://core-\($0):8900" }.joined(separator: ","), "--core names 17 cores; at most 16 may be listed"),
        ]
        for (list, message) in cases {
            let result = await Rota.run(["subscribers", "list", "--core", list])
            #expect(result.status == 64, "\(list): \(result)")
            #expect(result.errors.contains(message), "\(list): \(result)")
        }
        let fromEnvironment = await Rota.run(["subscribers", "list"], environment: ["ROTA_CORE": "http://a:1,b:2"])
        #expect(fromEnvironment.status == 64)
        #expect(fromEnvironment.errors.contains("ROTA_CORE \"b:2\" is not a core's URL"), "\(fromEnvironment)")
        for command in [["worker"], ["metrics"]] {
            let result = await Rota.run(command + ["--core", "http://a:1,,http://b:2"])
            #expect(result.status == 64, "\(command): \(result)")
            #expect(result.errors.contains("has an empty entry at position 2"), "\(command): \(result)")
        }
    }

    @Test func theCommandUsesTheLeaderPastACoreThatIsDownAndSaysSo() async throws {
        try await withCore { core in
            let dead = "http://127.0.0.1:\(try freeLoopbackPort())"
            for (arguments, environment) in [
                (["subscribers", "list", "--core", "\(dead),\(core.baseURL)"], [:]),
                (["subscribers", "list"], ["ROTA_CORE": "\(dead), \(core.baseURL)"]),
            ] {
                let result = await Rota.run(arguments, environment: environment)
                #expect(result.status == 0, "\(result)")
                #expect(result.errors == "note: now using the core at \(core.baseURL) (the leader)\n", "\(result)")
            }
        }
    }

    @Test func everyClientExplainsTheListInItsHelp() async throws {
        for command in ["workflows list", "events follow", "worker", "metrics"] {
            let result = await Rota.run(command.split(separator: " ").map(String.init) + ["--help"])
            let help = result.output + result.errors
            #expect(result.status == 0, "\(command)")
            #expect(help.contains("--core <URL[,URL...]>"), "\(command): \(help)")
            #expect(help.contains("separated by commas"), "\(command): \(help)")
            #expect(help.contains("the leader"), "\(command): \(help)")
        }
    }
}
