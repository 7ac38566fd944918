import Foundation
import RotaModel

extension Subscriber {
    /// A subscriber from a row of `subscriber` (id, subscriptions); throws when it cannot be read.
    init(storedRow row: some StoredRow, decoder: JSONDecoder) throws {
        guard let id = row.text("id") else { throw UnreadableColumn(name: "id") }
        guard let data = row.bytes("subscriptions") else { throw UnreadableColumn(name: "subscriptions") }
        self.init(id: id, subscriptions: try decoder.decode([String: Subscription].self, from: data))
    }
}
