import Foundation
import Testing

@testable import RotaModel

/// Rota's fire times against those croniter computes for the random cases in
/// Fixtures/cron-croniter.jsonl (written by scripts/cron-fixture/generate.py).
@Suite("Cron fire times match croniter")
struct CronCroniterFixtureTests {
    private struct Case: Decodable {
        let expr: String
        let start: String
        let next: [String]
    }

    private static func loadCases() throws -> [Case] {
        let url = try #require(
            Bundle.module.url(forResource: "cron-croniter", withExtension: "jsonl", subdirectory: "Fixtures"),
            "Fixtures/cron-croniter.jsonl is missing; run scripts/cron-fixture/generate.py"
        )
        let decoder = JSONDecoder()
        return try String(decoding: Data(contentsOf: url), as: UTF8.self)
            .split(separator: "\n")
            .map { try decoder.decode(Case.self, from: Data($0.utf8)) }
    }

    @Test func everyFixtureCaseFiresWhenCroniterSays() throws {
        let cases = try Self.loadCases()
        #expect(cases.count >= 10_000, "the fixture holds only \(cases.count) cases")
        let utc = try #require(TimeZone(identifier: "UTC"))
        var mismatches: [String] = []
        for fixture in cases {
            let expression = try CronExpression(parsing: fixture.expr)
            let start = try #require(Timestamp.date(fixture.start, wallTimeIn: utc))
            let actual = expression.fires(after: start, in: utc).prefix(max(fixture.next.count, 1))
                .map { Timestamp.string($0, fraction: .asNeeded, in: utc) }
            if actual != fixture.next {
                mismatches.append("\"\(fixture.expr)\" after \(fixture.start): expected \(fixture.next), got \(actual)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) cases differ:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test func fixtureIncludesExpressionsThatNeverFire() throws {
        let never = try Self.loadCases().filter(\.next.isEmpty)
        #expect(!never.isEmpty)
        for fixture in never {
            #expect(try !CronExpression(parsing: fixture.expr).isSatisfiable, "\(fixture.expr)")
        }
    }
}
