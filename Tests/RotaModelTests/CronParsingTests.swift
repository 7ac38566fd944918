import Foundation
import Testing

@testable import RotaModel

/// How each form of field text is read.
@Suite("Cron expression parsing")
struct CronParsingTests {
    private func values(_ field: CronField, _ text: String) throws -> [Int] {
        let bits = try CronFieldParser(field: field, text: text).parse().bits
        return (0..<64).filter { bits & (1 << UInt64($0)) != 0 }
    }

    @Test func starMatchesTheWholeField() throws {
        #expect(try values(.hour, "*") == Array(0...23))
        #expect(try values(.dayOfMonth, "*") == Array(1...31))
        #expect(try values(.dayOfWeek, "*") == Array(0...7))
    }

    @Test func singleValuesAndLists() throws {
        #expect(try values(.minute, "7") == [7])
        #expect(try values(.minute, "05") == [5])
        #expect(try values(.minute, "0,15,30,45") == [0, 15, 30, 45])
        #expect(try values(.minute, "30,5,30") == [5, 30])
    }

    @Test func rangesIncludeBothEnds() throws {
        #expect(try values(.hour, "9-17") == Array(9...17))
        #expect(try values(.hour, "5-5") == [5])
        #expect(try values(.minute, "1-3,50-52") == [1, 2, 3, 50, 51, 52])
    }

    @Test func stepsCountFromTheStartOfTheirRange() throws {
        #expect(try values(.minute, "*/15") == [0, 15, 30, 45])
        #expect(try values(.dayOfMonth, "*/10") == [1, 11, 21, 31])
        #expect(try values(.hour, "8-18/4") == [8, 12, 16])
        #expect(try values(.minute, "50/4") == [50, 54, 58])
        #expect(try values(.month, "*/5") == [1, 6, 11])
        #expect(try values(.minute, "*/90") == [0])
    }

    @Test func startWithStepRunsToTheFieldMaximum() throws {
        #expect(try values(.dayOfWeek, "1/2") == [1, 3, 5, 7])
        #expect(try values(.month, "NOV/2") == [11])
        #expect(try values(.minute, "59/15") == [59])
    }

    @Test func namesAreCaseInsensitive() throws {
        #expect(try values(.month, "jan,Feb,MAR") == [1, 2, 3])
        #expect(try values(.month, "JUN-aug") == [6, 7, 8])
        #expect(try values(.dayOfWeek, "sun,Mon,TUE") == [0, 1, 2])
        #expect(try values(.dayOfWeek, "MON-FRI/2") == [1, 3, 5])
        #expect(try values(.dayOfWeek, "SAT-7") == [6, 7])
    }

    @Test func dayFieldsStartingWithStarAreStar() throws {
        #expect(try CronFieldParser(field: .dayOfMonth, text: "*").parse().isStar)
        #expect(try CronFieldParser(field: .dayOfMonth, text: "*/2").parse().isStar)
        #expect(try CronFieldParser(field: .dayOfWeek, text: "*/2,1").parse().isStar)
        #expect(try !CronFieldParser(field: .dayOfWeek, text: "1,*").parse().isStar)
        #expect(try !CronFieldParser(field: .dayOfMonth, text: "1-31").parse().isStar)
    }

    @Test func sourceIsTheTrimmedTextAndDescribesTheExpression() throws {
        let expression = try CronExpression(parsing: "  */15 9-17\t* * MON-FRI \n")
        #expect(expression.source == "*/15 9-17\t* * MON-FRI")
        #expect(expression.description == expression.source)
        #expect(try CronExpression(parsing: "@Daily").source == "@Daily")
    }

    @Test func macrosStandForTheirFields() throws {
        let pairs = [
            ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
            ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
            ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"),
        ]
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z, a Thursday
        let utc = TimeZone(identifier: "UTC")!
        for (macro, fields) in pairs {
            let fromMacro = try CronExpression(parsing: macro).fires(after: start, in: utc).prefix(3)
            let fromFields = try CronExpression(parsing: fields).fires(after: start, in: utc).prefix(3)
            #expect(Array(fromMacro) == Array(fromFields), "\(macro)")
        }
    }

    @Test func expressionsWithTheSameTextAreEqual() throws {
        #expect(try CronExpression(parsing: "0 9 * * 1") == CronExpression(parsing: " 0 9 * * 1"))
        #expect(try CronExpression(parsing: "0 9 * * 1") != CronExpression(parsing: "0 9 * * MON"))
        #expect(try Set([CronExpression(parsing: "@daily"), CronExpression(parsing: "@daily")]).count == 1)
    }
}
