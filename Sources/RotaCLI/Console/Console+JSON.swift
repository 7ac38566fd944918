import Foundation
import RotaModel

extension Console {
    /// Writes `value` as pretty-printed JSON with sorted keys, the machine output of `--json`.
    func printJSON(_ value: JSONValue) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(value.jsonBytes)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Writes `value` as one line of compact JSON, for streams of objects (`rota events --json`).
    func printJSONLine(_ value: JSONValue) {
        print(value.jsonText)
    }

    /// Writes the lines of `table`.
    func print(_ table: TextTable) {
        for line in table.lines { print(line) }
    }
}
