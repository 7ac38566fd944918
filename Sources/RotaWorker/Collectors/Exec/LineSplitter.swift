/// Cuts a stream of bytes into lines as the bytes arrive. A line ends at `\n`; a `\r` before it
/// is dropped, and so is the empty line after a final `\n`.
struct LineSplitter {
    private var pending: [UInt8] = []

    /// Adds bytes and hands every line they complete to `line`.
    mutating func append(_ bytes: some Collection<UInt8>, line: (String) -> Void) {
        pending.append(contentsOf: bytes)
        var start = pending.startIndex
        while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            line(Self.text(pending[start..<end]))
            start = end + 1
        }
        pending.removeSubrange(..<start)
    }

    /// Hands the last line, which has no `\n` after it, to `line` if there is one.
    mutating func finish(line: (String) -> Void) {
        if !pending.isEmpty { line(Self.text(pending[...])) }
        pending.removeAll()
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
    }
}
