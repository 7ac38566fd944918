/// A 64-bit FNV-1a hash of a resource's content, kept with its row so that a merge tells an
/// unchanged resource from a changed one without reading the row's columns back. Stable across
/// processes (unlike `Hasher`).
struct ContentHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Adds the bytes of `text`, preceded by their count so that ("ab", "c") and ("a", "bc") differ.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        add(UInt64(bytes.count))
        for byte in bytes { mix(byte) }
    }

    /// Adds an optional string; nil differs from every string.
    mutating func add(_ text: String?) {
        if let text {
            mix(1)
            add(text)
        } else {
            mix(0)
        }
    }

    mutating func add(_ number: UInt64) {
        var number = number
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: number))
            number >>= 8
        }
    }

    private mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
}
