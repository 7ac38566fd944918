import Foundation
import RotaModel
import RotaStore

/// How much of what a caller sent an audit entry keeps: texts are cut, lists and objects keep
/// their first elements, and a change that is still too large is replaced by its size. A client
/// cannot make the audit trail grow faster than its entries' bounds.
enum AuditBounds {
    /// The most Unicode scalars of a text (an identity, a target, a value in a change) that are kept.
    static let textCharacters = 256
    /// The most elements of a list, or members of an object, kept in a change.
    static let elements = 20
    /// How deep a change may nest before what lies deeper is left out.
    static let depth = 4
    /// The most bytes of JSON a change may take once bounded; a larger one keeps only its size.
    static let changeBytes = 4096
    /// The kinds of Unicode scalars an entry writes as `?`: they could make a listing show
    /// something other than what was stored.
    static let hidden: Set<Unicode.GeneralCategory> = [.control, .format, .lineSeparator, .paragraphSeparator]

    /// `text` as an entry keeps it: control characters (a line break that would forge a line of
    /// the listing), line and paragraph separators and invisible format characters (a
    /// right-to-left override that would show a name backwards) written as `?`, and cut to
    /// `textCharacters` Unicode scalars, the cut marked with `…`.
    static func text(_ text: String) -> String {
        var scalars = text.unicodeScalars.map { hidden.contains($0.properties.generalCategory) ? "?" : $0 }
        if scalars.count > textCharacters { scalars = scalars.prefix(textCharacters - 1) + ["…"] }
        return String(String.UnicodeScalarView(scalars))
    }

    /// `change` with every text, list and object bounded; when it is still larger than
    /// `changeBytes`, only a note of its size.
    static func change(_ change: [String: JSONValue]) -> [String: JSONValue] {
        guard case .object(let bounded) = value(.object(change), depth: 0) else { return [:] }
        let size = JSONValue.object(bounded).jsonBytes.count
        guard size <= changeBytes else { return ["omitted": .string("the change takes \(size) bytes; at most \(changeBytes) are kept")] }
        return bounded
    }

    private static func value(_ value: JSONValue, depth: Int) -> JSONValue {
        switch value {
        case .string(let string):
            return .string(text(string))
        case .array(let elements):
            guard depth < Self.depth else { return .string("a list of \(elements.count)") }
            var kept = elements.prefix(Self.elements).map { Self.value($0, depth: depth + 1) }
            if elements.count > Self.elements { kept.append(.string("… and \(elements.count - Self.elements) more")) }
            return .array(kept)
        case .object(let members):
            guard depth < Self.depth else { return .string("an object of \(members.count)") }
            var kept: [String: JSONValue] = [:]
            for key in members.keys.sorted().prefix(Self.elements) { kept[text(key)] = Self.value(members[key]!, depth: depth + 1) }
            if members.count > Self.elements { kept["…"] = .string("and \(members.count - Self.elements) more") }
            return .object(kept)
        case .null, .bool, .int, .double:
            return value
        }
    }
}
