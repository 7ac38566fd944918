import Foundation

/// A merge's body kept on disk beside the database until the merge is written, so that the
/// database's writer is taken only once the whole body has arrived: a client that sends its body
/// slowly, or stops in the middle, holds a file and its connection, never the writer.
///
/// The file is read back in large chunks; reading it costs little beside decoding its lines.
struct MergeSpool {
    /// Bytes read from the file at a time.
    static let chunkSize = 1 << 20
    /// How every spool file's name begins.
    static let fileNamePrefix = ".rota-merge-"

    let url: URL

    /// Writes `body` to a new file in `directory`; throws ``MergeTooLarge`` (and removes the
    /// file) once the body passes `maxSize` bytes.
    static func write<Body: AsyncSequence>(
        _ body: Body, in directory: URL, maxSize: Int
    ) async throws -> MergeSpool where Body.Element: Sequence<UInt8> {
        let url = directory.appendingPathComponent(fileNamePrefix + UUID().uuidString)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let spool = MergeSpool(url: url)
        do {
            let file = try FileHandle(forWritingTo: url)
            defer { try? file.close() }
            var size = 0
            for try await chunk in body {
                let bytes = chunk.withContiguousStorageIfAvailable { Data(buffer: $0) } ?? Data(chunk)
                size += bytes.count
                guard size <= maxSize else { throw MergeTooLarge(limit: maxSize) }
                try file.write(contentsOf: bytes)
            }
        } catch {
            spool.remove()
            throw error
        }
        return spool
    }

    /// The file's bytes, in chunks.
    func chunks() throws -> Chunks {
        Chunks(file: try FileHandle(forReadingFrom: url))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Removes the spool files a process that stopped in the middle of a merge left in
    /// `directory`; returns how many there were. Only the store that owns the database may call
    /// it, before it takes any merge.
    @discardableResult
    static func removeLeftovers(in directory: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let leftovers = names.filter { $0.hasPrefix(fileNamePrefix) }
        for name in leftovers { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        return leftovers.count
    }

    /// The spooled body as an asynchronous sequence of chunks, as a merge reads a body.
    struct Chunks: AsyncSequence, AsyncIteratorProtocol {
        let file: FileHandle

        func makeAsyncIterator() -> Chunks { self }

        mutating func next() async throws -> Data? {
            guard let data = try file.read(upToCount: MergeSpool.chunkSize), !data.isEmpty else { return nil }
            return data
        }
    }
}

/// A merge's body was larger than the largest the core accepts.
public struct MergeTooLarge: Error, Sendable, CustomStringConvertible {
    /// The largest body accepted, in bytes.
    public let limit: Int

    public var description: String { "the merge is larger than \(limit) bytes" }
}
