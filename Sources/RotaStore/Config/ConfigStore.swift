import Foundation
import RotaModel

/// The configurations actors keep in the core (`fix.worker`, say): one JSON object per id, with
/// a revision that changes whenever its content does. They survive a restart of the core.
public protocol ConfigStore: Sendable {
    /// The ids of the stored configurations that can be read, in order.
    func configIds() async throws -> [String]
    /// The configuration `id`; nil when none is stored or its row cannot be read (it is then set aside).
    func config(_ id: String) async throws -> StoredConfig?
    /// Stores `config` under `id` in place of what was there; refused with `ConfigLimitReached`
    /// when it would be a new configuration beyond `limit` stored ones.
    func saveConfig(_ id: String, _ config: [String: JSONValue], limit: Int) async throws -> ConfigSave
    /// Removes a configuration; false when there was none.
    func deleteConfig(_ id: String) async throws -> Bool
}

/// A stored configuration with its revision.
public struct StoredConfig: Sendable, Hashable {
    public var id: String
    public var config: [String: JSONValue]
    /// Derived from the content: equal configurations have equal revisions, and any change of
    /// content gives a new one.
    public var revision: String

    public init(id: String, config: [String: JSONValue], revision: String) {
        self.id = id
        self.config = config
        self.revision = revision
    }
}

/// What a save did: the configuration as stored, and the revision it had before (nil when it is new).
public struct ConfigSave: Sendable, Hashable {
    public var stored: StoredConfig
    public var previousRevision: String?

    public init(stored: StoredConfig, previousRevision: String?) {
        self.stored = stored
        self.previousRevision = previousRevision
    }

    /// Whether the content changed (a new configuration counts as a change).
    public var changed: Bool { stored.revision != previousRevision }
}

/// A new configuration refused because `limit` are stored already.
public struct ConfigLimitReached: Error, Sendable, CustomStringConvertible {
    public let limit: Int

    public var description: String {
        "the core keeps at most \(limit) configurations; delete one (DELETE /config/{id}) before storing another"
    }
}
