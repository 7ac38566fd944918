import Foundation
import RotaModel

/// Writes the lines of a synthetic graph as Fix Inventory's worker does (one JSON object a
/// line), and makes up its ids, times, tags and numbers from a seed.
struct SyntheticGraphWriter {
    private var random: SplitMix64

    /// The ctimes the graph's resources are given, over the two years before 2026-12-01.
    private static let times: [String] = {
        let formatter = ISO8601DateFormatter()
        let end = Date(timeIntervalSince1970: 1_796_083_200)
        return (0..<1_000).map { formatter.string(from: end.addingTimeInterval(-Double($0) * 63_113.904)) }
    }()
    private static let owners = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
    private static let environments = ["prod", "staging", "dev", "test"]
    private static let expirations = ["2d", "36h", "1w", "12h"]
    private static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// A node id like the worker's: 22 characters of URL-safe base64 (128 random bits).
    mutating func nodeId() -> String {
        var bits = (random.next(), random.next())
        var bytes: [UInt8] = []
        bytes.reserveCapacity(22)
        for position in 0..<22 {
            if position == 11 { bits.0 = bits.1 }
            bytes.append(Self.idAlphabet[Int(bits.0 & 63)])
            bits.0 >>= 6
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `digits` lowercase hexadecimal digits.
    mutating func hex(_ digits: Int) -> String {
        String(decoding: (0..<digits).map { _ in Self.hexDigits[Int(random.next() & 15)] }, as: UTF8.self)
    }

    /// A whole number from 0 to `bound - 1`.
    mutating func count(_ bound: Int) -> Int {
        Int(random.next() % UInt64(max(1, bound)))
    }

    /// A ctime of the last two years, as the worker writes it.
    mutating func time() -> String {
        Self.times[count(Self.times.count)]
    }

    /// A resource's tags as a JSON object: a name, an owner and an environment, and on one
    /// resource in ten an expiration.
    mutating func tags() -> String {
        let owner = Self.owners[count(Self.owners.count)]
        let environment = Self.environments[count(Self.environments.count)]
        let expiration = count(10) == 0 ? #", "expiration": "\#(Self.expirations[count(Self.expirations.count)])""# : ""
        return #"{"Name": "\#(environment)-\#(hex(6))", "owner": "\#(owner)", "env": "\#(environment)"\#(expiration)}"#
    }

    /// A node line: `reported` holds the members given (JSON text without braces) and the kind;
    /// `metadata` the Python type, its category, and `replace: true` when asked.
    func nodeLine(id: String, kind: String, python: String, category: String, reported: String, replace: Bool = false) -> [UInt8] {
        let replacing = replace ? #", "replace": true"# : ""
        let line = #"""
            {"id": "\#(id)", "reported": {\#(reported), "kind": "\#(kind)"}, \#
            "metadata": {"python_type": "\#(python)", "categories": ["\#(category)"]\#(replacing)}}

            """#
        return Array(line.utf8)
    }

    /// An edge line; without a type, a default edge (the worker leaves `edge_type` out then).
    static func edgeLine(from: String, to: String, type: String? = nil) -> [UInt8] {
        let typed = type.map { #", "edge_type": "\#($0)""# } ?? ""
        return Array(#"{"from": "\#(from)", "to": "\#(to)"\#(typed)}"#.utf8) + [0x0A]
    }
}
