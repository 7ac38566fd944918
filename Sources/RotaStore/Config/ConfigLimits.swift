/// What a configuration may be: the bounds the REST routes enforce before anything is stored.
public enum ConfigLimits {
    /// The longest configuration id, in characters.
    public static let idLength = 128
    /// The most configurations the core keeps.
    public static let configs = 256
    /// The largest configuration body, in bytes, unless the core's `max_body_size` is smaller. A
    /// worker's configuration with every official plugin's section is a few tens of KiB; the
    /// bound keeps everything the core stores under `configs` × 1 MiB.
    public static let configBytes = 1 << 20

    /// What is wrong with `id` as a configuration id, if anything: it is 1 to `idLength` of
    /// `A-Z a-z 0-9 _ . -`.
    public static func problem(withId id: String) -> String? {
        if id.isEmpty { return "a configuration id must not be empty" }
        if id.count > idLength { return "a configuration id may have at most \(idLength) characters, not \(id.count)" }
        guard id.unicodeScalars.allSatisfy(isIdCharacter) else {
            return "a configuration id may hold only letters A-Z and a-z, digits, '_', '.' and '-'"
        }
        return nil
    }

    private static func isIdCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "-": return true
        default: return false
        }
    }
}
