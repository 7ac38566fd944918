import Foundation
import RotaModel

/// The reading half of a graph merge, the same for both stores: a first reading of the spooled
/// body builds the merge's index (which places every node), a second reads the nodes in full,
/// batch by batch, into rows for the store to write, collecting the expiry problems.
struct GraphMergeReading {
    /// The longest line of a graph merge: a node with large `reported` sections (a policy
    /// document, say) stays well below it.
    static let maximumLineLength = 8 << 20

    /// The expiry tags that could not be read, of the rows read so far.
    private(set) var problems: [MergeProblem] = []
    private let index: GraphMergeIndex
    private var lines: SpoolLines
    private var isFinished = false

    /// The merge's index, from a first reading of `spool`, sealed.
    static func index(of spool: MergeSpool, kinds: GraphKinds) throws -> GraphMergeIndex {
        var index = GraphMergeIndex(kinds: kinds)
        var reading = try SpoolLines(spool, maximumLineLength: maximumLineLength)
        while try reading.next({ line, number in
            try index.add(try GraphLineReader.read(line, number: number, readsReported: false), number: number)
        }) {}
        try index.seal()
        return index
    }

    /// The second reading of `spool`, whose nodes `index` places.
    init(_ spool: MergeSpool, index: GraphMergeIndex) throws {
        self.index = index
        lines = try SpoolLines(spool, maximumLineLength: Self.maximumLineLength)
    }

    /// The next rows, at least `count` unless the body ends first; nil once every row was read.
    mutating func next(_ count: Int) throws -> [GraphMergeRow]? {
        guard !isFinished else { return nil }
        var rows: [GraphMergeRow] = []
        var found: [MergeProblem] = []
        defer { problems += found }
        let index = index
        while rows.count < count {
            let hasMore = try lines.next { line, number in
                guard case .node(let node) = try GraphLineReader.read(line, number: number, reading: .tagsAndTime),
                    let placement = index.placement(of: node.id)
                else { return }
                let row = GraphMergeRow(node, line: line, number: number, placement: placement)
                found += row.expiryProblems.map { MergeProblem(line: number, id: node.id, message: $0.description) }
                rows.append(row)
            }
            if !hasMore {
                isFinished = true
                break
            }
        }
        return rows
    }
}

/// The lines of a spooled merge body, read one chunk at a time so that the reader can hand on
/// what it made between chunks. Blank lines are skipped.
private struct SpoolLines {
    private var splitter: LineSplitter
    private let file: FileHandle
    private var isFinished = false

    init(_ spool: MergeSpool, maximumLineLength: Int) throws {
        splitter = LineSplitter(maximumLineLength: maximumLineLength)
        file = try FileHandle(forReadingFrom: spool.url)
    }

    /// Hands `handle` every line that ends in the next chunk (the last line too at the end);
    /// false once the whole body was handed out, and the file closed.
    mutating func next(_ handle: (_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws -> Void) throws -> Bool {
        guard !isFinished else { return false }
        do {
            if let chunk = try file.read(upToCount: MergeSpool.chunkSize), !chunk.isEmpty {
                try chunk.withUnsafeBytes { raw in
                    try splitter.split(raw.bindMemory(to: UInt8.self)) { line, number in
                        if !Self.isBlank(line) { try handle(line, number) }
                    }
                }
                return true
            }
            isFinished = true
            try? file.close()
            try splitter.finish { line, number in
                if !Self.isBlank(line) { try handle(line, number) }
            }
            return false
        } catch let error as LineSplitter.LineTooLong {
            try? file.close()
            throw ResourceMergeError(line: error.line, path: "", message: "is longer than \(error.limit) bytes")
        }
    }

    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
