import NIOCore
import RotaModel

/// The resources of a snapshot as JSON lines, in chunks of about `chunkSize` bytes that are
/// encoded only when the HTTP client asks for the next one: a snapshot of any size is streamed
/// to `POST /resources/merge` without its whole body ever being held in memory.
struct ResourceLineChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// Bytes a chunk holds before it is handed on; one line may make it longer.
    static let defaultChunkSize = 64 << 10

    let resources: [Resource]
    var chunkSize = Self.defaultChunkSize

    func makeAsyncIterator() -> Iterator {
        Iterator(resources: resources, chunkSize: chunkSize)
    }

    /// Encodes the next resources on each call to `next()`.
    struct Iterator: AsyncIteratorProtocol {
        private let resources: [Resource]
        private let chunkSize: Int
        private let encoder = ResourceLineEncoder()
        private var position = 0

        init(resources: [Resource], chunkSize: Int) {
            self.resources = resources
            self.chunkSize = chunkSize
        }

        mutating func next() async throws -> ByteBuffer? {
            try Task.checkCancellation()
            guard position < resources.count else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(chunkSize + 1024)
            while position < resources.count, bytes.count < chunkSize {
                encoder.encode(resources[position], into: &bytes)
                bytes.append(UInt8(ascii: "\n"))
                position += 1
            }
            return ByteBuffer(bytes: bytes)
        }
    }
}
