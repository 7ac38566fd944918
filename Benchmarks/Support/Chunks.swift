/// A merge's body handed out in chunks of `size` bytes, as an HTTP body arrives or a worker
/// streams it; `make` turns each slice into the element the consumer takes.
public struct Chunks<Element: Sendable>: AsyncSequence, Sendable {
    public let bytes: [UInt8]
    public let size: Int
    public let make: @Sendable (ArraySlice<UInt8>) -> Element

    public init(_ bytes: [UInt8], size: Int = 256 << 10, make: @escaping @Sendable (ArraySlice<UInt8>) -> Element) {
        self.bytes = bytes
        self.size = size
        self.make = make
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: Chunks
        var offset = 0

        public mutating func next() async -> Element? {
            guard offset < chunks.bytes.count else { return nil }
            let end = Swift.min(offset + chunks.size, chunks.bytes.count)
            defer { offset = end }
            return chunks.make(chunks.bytes[offset..<end])
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: self) }
}
