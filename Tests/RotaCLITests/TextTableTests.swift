import Testing

@testable import RotaCLI

/// The table formatter: columns as wide as their widest cell, numbers to the right.
@Suite struct TextTableTests {
    @Test func columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        var table = TextTable([.init("ID"), .init("STEPS", .right), .init("TRIGGERS")])
        table.append(["collect", "6", "event start_collect_workflow"])
        table.append(["collect_and_cleanup", "12", ""])
        #expect(
            table.lines == [
                "ID                   STEPS  TRIGGERS",
                "collect                  6  event start_collect_workflow",
                "collect_and_cleanup     12",
            ])
    }

    @Test func missingCellsAreEmptyAndExtraCellsAreDropped() {
        var table = TextTable([.init("A"), .init("B")])
        table.append(["1"])
        table.append(["2", "x", "dropped"])
        #expect(table.lines == ["A  B", "1", "2  x"])
    }
}
