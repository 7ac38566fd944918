import Foundation

/// Signing keys already derived, by salt, up to a limit; when full, the oldest entry makes room.
struct DerivedKeyCache {
    /// The most salts kept.
    let limit: Int
    private var keys: [Data: SigningKey] = [:]
    /// Salts in the order they were added, used as a ring once full.
    private var insertionOrder: [Data] = []
    /// Where in `insertionOrder` the oldest salt sits once the ring is full.
    private var oldest = 0

    init(limit: Int) {
        precondition(limit > 0, "a key cache must hold at least one salt")
        self.limit = limit
    }

    /// How many salts are cached.
    var count: Int { keys.count }

    subscript(salt: Data) -> SigningKey? { keys[salt] }

    /// Keeps `key` for `salt`, dropping the oldest salt when the cache is full.
    mutating func insert(_ key: SigningKey, for salt: Data) {
        guard keys[salt] == nil else { return }
        if insertionOrder.count < limit {
            insertionOrder.append(salt)
        } else {
            keys[insertionOrder[oldest]] = nil
            insertionOrder[oldest] = salt
            oldest = (oldest + 1) % limit
        }
        keys[salt] = key
    }
}
