import Foundation
import Testing

@testable import RotaWorker

@Suite("collector catalog")
struct CollectorCatalogTests {
    /// The one collector `spec` names, as a `T`.
    private func only<T>(_ spec: String, as type: T.Type) throws -> T {
        let collectors = try CollectorCatalog.collectors(named: spec)
        #expect(collectors.count == 1)
        return try #require(collectors.first as? T)
    }

    @Test func loadsCollectorsByNameInOrder() throws {
        let collectors = try CollectorCatalog.collectors(named: "example, local,random")
        #expect(collectors.map(\.name) == ["example", "local", "random"])
    }

    @Test func anUnknownNameIsAnErrorListingTheKnownOnes() {
        #expect(throws: CollectorSpecError.unknown(name: "aws")) {
            try CollectorCatalog.collectors(named: "example,aws")
        }
        let message = "\(CollectorSpecError.unknown(name: "aws"))"
        #expect(message.hasPrefix("unknown collector \"aws\"; known collectors: "))
        for name in CollectorCatalog.knownNames {
            #expect(message.contains(name))
        }
        #expect(CollectorCatalog.knownNames == ["example", "random", "local", "exec"])
    }

    @Test func randomReadsSizeAndSeed() throws {
        let collector = try only("random:size=10:seed=3", as: RandomCollector.self)
        #expect(collector.size == 10)
        #expect(collector.seed == 3)
        let defaults = try only("random", as: RandomCollector.self)
        #expect(defaults.size == 1_000 && defaults.seed == 1)
        let seedOnly = try only("random:seed=9", as: RandomCollector.self)
        #expect(seedOnly.size == 1_000 && seedOnly.seed == 9)
    }

    private static let range = "a whole number from 0 to 10000000"
    private static let randomOptions = "options are size=N and seed=N, e.g. random:size=1000:seed=1"

    @Test(arguments: [
        ("random:size=abc", "collector random: size must be \(range), got \"abc\""),
        ("random:size=-1", "collector random: size must be \(range), got \"-1\""),
        ("random:size=20000000", "collector random: size must be \(range), got \"20000000\""),
        ("random:seed=x", "collector random: seed must be a whole number of at least 0, got \"x\""),
        ("random:colour=red", "collector random: unknown option \"colour=red\"; \(randomOptions)"),
        ("random:size", "collector random: unknown option \"size\"; \(randomOptions)"),
        ("example:fast", "collector example: takes no options, got \"example:fast\""),
        ("local:x=1", "collector local: takes no options, got \"local:x=1\""),
        ("exec:", "collector exec: needs a program: exec:/path/to/program [arguments]"),
        ("exec:/no/such/program", "collector exec: /no/such/program is not an executable file"),
        ("exec:no-such-program-of-rota", "collector exec: no executable \"no-such-program-of-rota\" in PATH"),
        ("example,example", "collector \"example\" is named twice"),
        ("random:seed=1,random:seed=2", "collector \"random\" is named twice"),
        ("", "no collector given; known collectors: \(CollectorCatalog.usage)"),
        (" , ", "no collector given; known collectors: \(CollectorCatalog.usage)"),
    ])
    func badSpecsAreClearErrors(spec: String, message: String) {
        let error = #expect(throws: CollectorSpecError.self) {
            try CollectorCatalog.collectors(named: spec)
        }
        #expect(error.map { "\($0)" } == message)
    }

    @Test func execTakesAPathWithArgumentsOrAProgramOnThePath() throws {
        let directory = try Fixtures.directory()
        let script = try Fixtures.script("exit 0", in: directory)
        let exec = try only("exec:\(script) --site  a", as: ExecCollector.self)
        #expect(exec.program == script)
        #expect(exec.arguments == ["--site", "a"])
        #expect(exec.name == "exec:\(script) --site a")
        #expect(exec.collectTimeout == .seconds(600) && exec.deleteTimeout == .seconds(60))
        let shell = try only("exec:sh", as: ExecCollector.self)
        #expect(shell.program.hasSuffix("/sh") && shell.program.hasPrefix("/"))
    }
}
