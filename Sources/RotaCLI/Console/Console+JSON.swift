import RotaModel

extension Console {
    /// Writes `value` as pretty-printed JSON, the machine output of `--json`.
    func printJSON(_ value: JSONValue) {
        print(PrettyJSON.text(value))
    }

    /// Writes the lines of `table`.
    func print(_ table: TextTable) {
        for line in table.lines { print(line) }
    }
}
