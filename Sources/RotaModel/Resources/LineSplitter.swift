import Foundation

/// Cuts a stream of byte chunks (an HTTP body, a program's output) into lines, numbered from 1,
/// without copying a line unless it spans two chunks.
///
/// Lines end with `\n`; a `\r` before it is dropped, and the last line needs no line break.
/// Blank lines (spaces and tabs only) are counted but not handed out. A line longer than
/// ``maximumLineLength`` bytes is an error, so a stream without line breaks cannot fill memory.
public struct LineSplitter: Sendable {
    /// A line longer than the limit.
    public struct LineTooLong: Error, Sendable, Hashable, CustomStringConvertible {
        /// The number of the line, counted from 1.
        public let line: Int
        public let limit: Int

        public var description: String { "line \(line) is longer than \(limit) bytes" }
    }

    /// The longest line accepted, in bytes, without its line break.
    public let maximumLineLength: Int
    /// The number of the last line read, blank ones included.
    public private(set) var lineNumber = 0
    /// The start of a line whose end is in a later chunk.
    private var pending: [UInt8] = []

    public init(maximumLineLength: Int = 1 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    /// Hands every line that ends in `chunk` to `handle` with its number, and keeps the start
    /// of the last line until its end arrives.
    public mutating func split(
        _ chunk: UnsafeBufferPointer<UInt8>, _ handle: (_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws -> Void
    ) throws {
        var start = 0
        while let newline = Self.firstNewline(in: chunk, from: start) {
            lineNumber += 1
            let number = lineNumber
            if pending.isEmpty {
                try deliver(UnsafeBufferPointer(rebasing: chunk[start..<newline]), number: number, handle)
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<newline]))
                let line = pending
                pending.removeAll(keepingCapacity: true)
                try line.withUnsafeBufferPointer { try deliver($0, number: number, handle) }
            }
            start = newline + 1
        }
        guard start < chunk.count else { return }
        pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<chunk.count]))
        guard pending.count <= maximumLineLength + 1 else { throw LineTooLong(line: lineNumber + 1, limit: maximumLineLength) }
    }

    /// Hands out the last line when the stream did not end with a line break.
    public mutating func finish(_ handle: (_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws -> Void) throws {
        guard !pending.isEmpty else { return }
        lineNumber += 1
        let line = pending
        pending = []
        try line.withUnsafeBufferPointer { try deliver($0, number: lineNumber, handle) }
    }

    private func deliver(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, _ handle: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        var end = line.count
        if end > 0, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end <= maximumLineLength else { throw LineTooLong(line: number, limit: maximumLineLength) }
        let content = UnsafeBufferPointer(rebasing: line[0..<end])
        guard content.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
        try handle(content, number)
    }

    private static func firstNewline(in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < chunk.count, let base = chunk.baseAddress,
            let found = memchr(base + start, Int32(UInt8(ascii: "\n")), chunk.count - start)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
