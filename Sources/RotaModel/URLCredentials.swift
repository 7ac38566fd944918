/// Hides the passwords of URLs written in texts (`https://user:secret@host/...` reads
/// `https://user:***@host/...`), so that the credentials of a webhook never show in logs,
/// errors or API answers, nor the password of a database URL. Only the userinfo's password is hidden; the user name, the host and
/// the query stay as written.
public enum URLCredentials {
    /// The mask a password is replaced with.
    public static let mask = "***"

    /// `text` with the password of every URL in it replaced by `***`.
    public static func masked(_ text: String) -> String {
        guard text.contains("://"), text.contains("@") else { return text }
        var result = ""
        var rest = text[...]
        while let separator = rest.range(of: "://") {
            result += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authorityEnd = rest.firstIndex(where: endsAuthority) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result += authority[...colon]
                result += mask
                result += authority[at...]
            } else {
                result += authority
            }
            rest = rest[authorityEnd...]
        }
        result += rest
        return result
    }

    /// Whether a character ends the authority part of a URL (or the URL itself, in a text).
    private static func endsAuthority(_ character: Character) -> Bool {
        character == "/" || character == "?" || character == "#" || character.isWhitespace || character == "\""
            || character == "'" || character == "<" || character == ">" || character == "\\"
    }
}
