import Testing

@testable import RotaModel

@Suite("Line splitting")
struct LineSplitterTests {
    /// The lines of `chunks`, fed one after the other, with their numbers.
    func lines(_ chunks: [String], maximumLineLength: Int = 1 << 20) throws -> [(Int, String)] {
        var splitter = LineSplitter(maximumLineLength: maximumLineLength)
        var lines: [(Int, String)] = []
        for chunk in chunks {
            try Array(chunk.utf8).withUnsafeBufferPointer { buffer in
                try splitter.split(buffer) { line, number in lines.append((number, String(decoding: line, as: UTF8.self))) }
            }
        }
        try splitter.finish { line, number in lines.append((number, String(decoding: line, as: UTF8.self))) }
        return lines
    }

    @Test func linesSpanChunks() throws {
        let result = try lines(["{\"a\"", ":1}\n{\"b\":", "2}\n", "{\"c\":3}\n"])
        #expect(result.map(\.0) == [1, 2, 3])
        #expect(result.map(\.1) == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
    }

    @Test func lastLineNeedsNoLineBreak() throws {
        #expect(try lines(["one\ntwo"]).map(\.1) == ["one", "two"])
    }

    @Test func carriageReturnsAreDroppedAndBlankLinesCountedButSkipped() throws {
        let result = try lines(["one\r\n\r\n  \t\n", "two\r", "\n\n"])
        #expect(result.map(\.1) == ["one", "two"])
        #expect(result.map(\.0) == [1, 4])
    }

    @Test func everyByteInItsOwnChunk() throws {
        let text = "alpha\nbeta\r\ngamma"
        #expect(try lines(text.map { String($0) }).map(\.1) == ["alpha", "beta", "gamma"])
    }

    @Test func tooLongLineIsAnErrorWithItsNumber() throws {
        #expect(throws: LineSplitter.LineTooLong(line: 2, limit: 4)) { try lines(["abc\nabcde\n"], maximumLineLength: 4) }
        #expect(throws: LineSplitter.LineTooLong(line: 2, limit: 4)) { try lines(["abc\nab", "cde", "fgh"], maximumLineLength: 4) }
        #expect(try lines(["abcd\r\n"], maximumLineLength: 4).map(\.1) == ["abcd"])
    }
}
