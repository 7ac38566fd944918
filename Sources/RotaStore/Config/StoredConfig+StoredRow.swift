import Foundation
import RotaModel

extension StoredConfig {
    /// A row of `config` (id, config, revision) as a configuration; throws when its text is not
    /// a JSON object or it has no revision.
    init(storedRow row: some StoredRow) throws {
        guard let text = row.text("config") else { throw UnreadableColumn(name: "config") }
        guard let revision = row.text("revision") else { throw UnreadableColumn(name: "revision") }
        guard let object = try JSONValue(jsonText: text).objectValue else { throw NotAnObject() }
        self.init(id: row.describe("id"), config: object, revision: revision)
    }

    /// The revision of a configuration's canonical JSON text: 16 hexadecimal digits of its hash.
    static func revision(of text: String) -> String {
        var hash = ContentHash()
        hash.add(text)
        let digits = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A stored configuration that is JSON but not an object.
    private struct NotAnObject: Error, CustomStringConvertible {
        var description: String { "the configuration is not a JSON object" }
    }
}
