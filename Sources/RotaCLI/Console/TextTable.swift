/// A table for people: a header and rows, each column as wide as its widest cell, two spaces
/// between columns, numbers aligned right.
///
/// ```
/// ID       STEPS  TRIGGERS
/// collect      6  event start_collect_workflow
/// ```
struct TextTable {
    /// Which side of its column a cell keeps to.
    enum Alignment {
        case left
        case right
    }

    /// A column's title and alignment.
    struct Column {
        let title: String
        let alignment: Alignment

        init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    let columns: [Column]
    private(set) var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    /// Adds a row; missing cells are empty, extra cells are dropped.
    mutating func append(_ cells: [String]) {
        rows.append((0..<columns.count).map { $0 < cells.count ? cells[$0] : "" })
    }

    /// The table's lines, header first, without trailing spaces.
    var lines: [String] {
        let table = [columns.map(\.title)] + rows
        let widths = columns.indices.map { index in table.map { $0[index].count }.max() ?? 0 }
        return table.map { cells in
            var line = ""
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if index > 0 { line += "  " }
                line += columns[index].alignment == .right ? padding + cell : cell + padding
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
