import Foundation
import RotaModel

/// Where the core's run ids and message ids come from: random version 4 UUIDs (from the system's
/// random generator, without the file reads of `UUID()`), or, for a simulation that must repeat
/// exactly, UUID-shaped ids drawn from a seed.
public struct IdSource: Sendable {
    private var seeded: SplitMix64?

    /// Random UUIDs.
    public static var random: IdSource { IdSource(seeded: nil) }

    /// Ids that follow from `seed` alone. A machine restarted from the store of another needs
    /// a seed of its own, as a restarted core draws new random ids: the same seed gives the same
    /// ids again.
    public static func seeded(_ seed: UInt64) -> IdSource { IdSource(seeded: SplitMix64(seed: seed)) }

    /// The next id, in lower case, shaped as a version 4 UUID.
    public mutating func next() -> String {
        var high: UInt64
        var low: UInt64
        if var generator = seeded {
            high = generator.next()
            low = generator.next()
            seeded = generator
        } else {
            var generator = SystemRandomNumberGenerator()
            high = generator.next()
            low = generator.next()
        }
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)
        return Self.uuidText(high, low)
    }

    /// 128 bits as UUID text: 8-4-4-4-12 lower-case hex digits.
    private static func uuidText(_ high: UInt64, _ low: UInt64) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for (index, word) in [high, low].enumerated() {
            for nibble in 0..<16 {
                let position = index * 16 + nibble
                if position == 8 || position == 12 || position == 16 || position == 20 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits[Int((word >> UInt64(60 - 4 * nibble)) & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
