import Foundation
import RotaModel

extension Versioned where Definition: RotaModel.Definition {
    /// A definition from a row of `workflow_definition` or `job_definition` (id, version,
    /// definition), read back through the same validation as any file; throws when it no longer
    /// passes it or cannot be read at all.
    init(storedRow row: some StoredRow) throws {
        guard let version = row.integer("version") else { throw UnreadableColumn(name: "version") }
        guard let data = row.bytes("definition") else { throw UnreadableColumn(name: "definition") }
        self.init(try JSONDecoder().decode(Definition.self, from: data), version: version)
    }
}
