import RotaModel

/// A configuration as `GET /config/{id}?separate_overrides=true` answers it, the shape Fix
/// Inventory's clients (`fixlib`) read: the configuration, the overrides (none: Rota applies
/// none, so always null) and, with `include_raw_config=true`, the configuration as stored.
public struct ConfigAnswer: APIContract, Hashable {
    public var config: [String: JSONValue]
    @Nullable public var overrides: JSONValue?
    /// The configuration as stored; left out unless asked for. Rota resolves no environment
    /// variables and applies no overrides, so it equals `config`.
    public var rawConfig: [String: JSONValue]?

    public init(config: [String: JSONValue], overrides: JSONValue? = nil, rawConfig: [String: JSONValue]? = nil) {
        self.config = config
        self.overrides = overrides
        self.rawConfig = rawConfig
    }

    enum CodingKeys: String, CodingKey {
        case config, overrides
        case rawConfig = "raw_config"
    }

    public static let schemaName = "ConfigAnswer"
    public static let example = ConfigAnswer(
        config: ["fixworker": ["collector": ["example"]]], overrides: ["fixworker": ["pool_size": 2]],
        rawConfig: ["fixworker": ["collector": ["example"]]])
}
