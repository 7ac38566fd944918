/// A W3C trace context `traceparent` value (`00-<trace id>-<parent id>-<flags>`), as an action
/// carries it in `data.traceparent`: read strictly, so that a malformed one is ignored rather
/// than continued.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// The 32 lowercase hexadecimal digits of the trace.
    public let traceId: String
    /// The 16 lowercase hexadecimal digits of the span the value was taken from.
    public let parentId: String
    /// The two hexadecimal digits of the trace flags; `01` means sampled.
    public let flags: String

    /// Reads `text`; nil unless it is a version-00 `traceparent` with a trace id and a parent id
    /// that are not all zeros.
    public init?(_ text: String) {
        guard text.utf8.count == 55 else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "00" else { return nil }
        guard let traceId = Self.hex(parts[1], count: 32), let parentId = Self.hex(parts[2], count: 16), let flags = Self.hex(parts[3], count: 2)
        else { return nil }
        guard traceId.contains(where: { $0 != "0" }), parentId.contains(where: { $0 != "0" }) else { return nil }
        self.traceId = traceId
        self.parentId = parentId
        self.flags = flags
    }

    /// The value as it travels.
    public var description: String { "00-\(traceId)-\(parentId)-\(flags)" }

    /// `digits` when they are `count` lowercase hexadecimal digits.
    private static func hex(_ digits: Substring, count: Int) -> String? {
        guard digits.utf8.count == count, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return String(digits)
    }
}
