import Foundation
import RotaModel

/// Where the core's run ids and message ids come from: random UUIDs, or, for a simulation that
/// must repeat exactly, UUID-shaped ids drawn from a seed.
public struct IdSource: Sendable {
    private var state: UInt64?

    /// Random UUIDs.
    public static var random: IdSource { IdSource(state: nil) }

    /// Ids that follow from `seed` alone. A machine restarted from the store of another needs
    /// a seed of its own, as a restarted core draws new random ids: the same seed gives the same
    /// ids again.
    public static func seeded(_ seed: UInt64) -> IdSource { IdSource(state: seed) }

    /// The next id, in lower case.
    public mutating func next() -> String {
        guard var state else { return UUID().uuidString.lowercased() }
        let high = Self.splitMix(&state)
        let low = Self.splitMix(&state)
        self.state = state
        let hex = String(format: "%016llx%016llx", high, low)
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    /// One step of SplitMix64.
    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
