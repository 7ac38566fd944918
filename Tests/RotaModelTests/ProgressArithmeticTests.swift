import Foundation
import RotaModel
import Testing

/// Whatever numbers an actor reports as progress, every percentage is finite and within
/// 0...100, and sums over many leaves stay finite.
@Suite("Progress arithmetic stays finite")
struct ProgressArithmeticTests {
    static func leaf(_ current: JSONValue, _ total: JSONValue, name: String = "work") -> JSONValue {
        ["kind": "progress", "name": .string(name), "path": [], "current": current, "total": total]
    }

    static func read(_ json: JSONValue) throws -> ProgressReport {
        try ProgressReport(json: json)
    }

    static func isBounded(_ report: ProgressReport) -> Bool {
        let overall = report.overall
        return report.percentage.isFinite && (0...100).contains(report.percentage) && overall.current.isFinite && overall.total.isFinite
    }

    @Test func hugeTotalsSummedOverLeavesKeepAFinitePercentage() throws {
        let tree: JSONValue = [
            "kind": "tree", "name": "collect", "path": [],
            "parts": [Self.leaf(1e308, 1e308, name: "a"), Self.leaf(1e308, 1e308, name: "b"), Self.leaf(0, 1e308, name: "c")],
        ]
        let report = try Self.read(tree)
        #expect(Self.isBounded(report))
        #expect(abs(report.percentage - 200.0 / 3) < 0.001)
    }

    @Test func leavesBuiltInCodeWithHugeNumbersKeepAFinitePercentage() {
        let huge = ProgressReport.leaf(name: "a", path: [], current: .greatestFiniteMagnitude, total: .greatestFiniteMagnitude)
        let report = ProgressReport.tree(name: "run", path: [], parts: [huge, huge, .leaf(name: "b", path: [], current: .nan, total: .infinity)])
        #expect(Self.isBounded(report))
    }

    @Test func aTotalOfZeroANegativeNumberOrACurrentAboveItsTotalIsClamped() throws {
        let cases: [(JSONValue, JSONValue, Double)] = [
            (5, 0, 0), (0, 0, 0), (-5, 10, 0), (5, -10, 0), (15, 10, 100), (5, 10, 50),
            (.double(99_999_999_999_999_999_999_999.0), 1, 100), (.int(.max), .int(.max), 100),
        ]
        for (current, total, expected) in cases {
            let report = try Self.read(Self.leaf(current, total))
            #expect(Self.isBounded(report), "current \(current), total \(total)")
            #expect(report.percentage == expected, "current \(current), total \(total)")
            let overall = report.overall
            #expect(overall.current >= 0 && overall.current <= overall.total, "current \(current), total \(total)")
        }
    }

    @Test func aTotalBeyondTheLargestIsScaledDownWithItsCurrent() throws {
        let largest = ProgressReport.largestTotal
        let kept = try Self.read(Self.leaf(.number(largest / 4), .number(largest)))
        #expect(kept == .leaf(name: "work", path: [], current: largest / 4, total: largest))
        let scaled = try Self.read(Self.leaf(.number(largest / 2), .number(largest * 2)))
        #expect(scaled == .leaf(name: "work", path: [], current: largest / 4, total: largest))
    }
}
