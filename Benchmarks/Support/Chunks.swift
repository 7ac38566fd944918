/// A merge's body handed out in chunks of `size` bytes, as an HTTP body arrives or a worker
/// streams it; `make` turns each slice into the element the consumer takes.
struct Chunks<Element: Sendable>: AsyncSequence, Sendable {
    let bytes: [UInt8]
    let size: Int
    let make: @Sendable (ArraySlice<UInt8>) -> Element

    init(_ bytes: [UInt8], size: Int = 256 << 10, make: @escaping @Sendable (ArraySlice<UInt8>) -> Element) {
        self.bytes = bytes
        self.size = size
        self.make = make
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: Chunks
        var offset = 0

        mutating func next() async -> Element? {
            guard offset < chunks.bytes.count else { return nil }
            let end = Swift.min(offset + chunks.size, chunks.bytes.count)
            defer { offset = end }
            return chunks.make(chunks.bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: self) }
}
