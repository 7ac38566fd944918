/// The value of an expiration tag: how long after its creation a resource expires, written as
/// one or more numbers each followed by a unit, such as `2h`, `3d`, `1w2d` or `30min`.
///
/// Units: `w` (weeks), `d` (days), `h` (hours), `m` or `min` (minutes), `s` (seconds). Parts
/// are added up, so `1h30m` is 90 minutes. Nothing else is read: no spaces inside, no
/// fractions, no signs, no number without a unit.
public struct ExpirationDuration: Sendable, Hashable {
    /// The whole duration in seconds.
    public let seconds: Int

    /// The longest duration accepted: a thousand years, which keeps every expiry a valid date.
    public static let maximumSeconds = 1000 * 366 * 86_400

    /// Reads a duration; nil when `text` is not one (leading and trailing spaces are allowed).
    public init?(parsing text: String) {
        var total = 0
        var scalars = Substring(text).unicodeScalars.drop { $0 == " " }
        while scalars.last == " " { scalars.removeLast() }
        guard !scalars.isEmpty else { return nil }
        while !scalars.isEmpty {
            let digits = scalars.prefix { ("0"..."9").contains($0) }
            scalars = scalars.dropFirst(digits.count)
            let unit = scalars.prefix { ("a"..."z").contains($0) }
            scalars = scalars.dropFirst(unit.count)
            guard !digits.isEmpty, digits.count <= 12, let number = Int(String(digits)),
                let unitSeconds = Self.unitSeconds[String(unit)]
            else { return nil }
            total += number * unitSeconds
            guard total <= Self.maximumSeconds else { return nil }
        }
        seconds = total
    }

    private static let unitSeconds = ["w": 604_800, "d": 86_400, "h": 3600, "m": 60, "min": 60, "s": 1]
}
