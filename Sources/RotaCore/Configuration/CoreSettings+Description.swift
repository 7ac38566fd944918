import RotaModel

extension CoreSettings: CustomStringConvertible, CustomDebugStringConvertible {
    /// Every setting as `name: value`, with the pre-shared key shown as `***` and the password of
    /// a database URL masked, so that settings written to a log (the service group lists its
    /// services, with their settings, at debug level) never show a secret.
    public var description: String {
        let members = Mirror(reflecting: self).children.map { child -> String in
            let label = child.label ?? "_"
            switch label {
            case "psk": return "psk: \(psk == nil ? "nil" : URLCredentials.mask)"
            case "databasePath": return "databasePath: \(URLCredentials.masked(databasePath))"
            default: return "\(label): \(child.value)"
            }
        }
        return "CoreSettings(\(members.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }
}
